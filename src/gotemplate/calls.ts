/**
 * Calling a template function the way text/template's evalCall does: arity checks for the builtins,
 * and/or short-circuiting, printf's string-typed format, nil for missing arguments of user functions,
 * and failures reported as `error calling name: ...` at the whole command.
 */
import { BUILTINS, Builtin, evaluateAndOr } from './builtins';
import { GoTemplateExecError } from './errors';
import { ArgNode, IdentifierNode, Node, nodeToString } from './nodes';
import { FuncMap, GoValue, goTypeName } from './value';
import { goQuote } from './quote';
import { StepLimitError } from './step-meter';

/** The value piped in from the previous command, or none. */
export const NO_FINAL = Symbol('no final value');
export type Final = GoValue | typeof NO_FINAL;

/** What a call needs from the executor; `Dot` is the executor's own representation of dot. */
export interface CallSite<Dot> {
  readonly funcs: FuncMap;
  at(node: Node): void;
  fail(message: string): never;
  evalArg(dot: Dot, arg: ArgNode): GoValue;
}

/** Go reports arity errors at the function name and call errors at the whole command. */
export function evalCall<Dot>(site: CallSite<Dot>, dot: Dot, identifier: IdentifierNode, command: Node, operands: ArgNode[], final: Final): GoValue {
  const name = identifier.name;
  site.at(identifier);
  const userFunction = Object.prototype.hasOwnProperty.call(site.funcs, name) ? site.funcs[name] : undefined;
  const builtin: Builtin | undefined = userFunction ? undefined : (Object.hasOwn(BUILTINS, name) ? BUILTINS[name] : undefined);
  if (!userFunction && !builtin) return site.fail(`${goQuote(name, false)} is not a defined function`);
  if (builtin) {
    checkArity(site, name, builtin, operands.length, operands.length + (final === NO_FINAL ? 0 : 1));
    if (name === 'and' || name === 'or') return evaluateAndOr(name, operands, final === NO_FINAL ? undefined : { value: final }, (arg) => site.evalArg(dot, arg));
  }
  const values: GoValue[] = operands.map((arg, i) => (builtin?.stringFirst && i === 0 ? evalStringArg(site, dot, arg) : site.evalArg(dot, arg)));
  if (final !== NO_FINAL) {
    if (builtin?.stringFirst && operands.length === 0) checkString(site, final);
    values.push(final);
  }
  try {
    if (userFunction) return userFunction(...values.map((v) => (v === undefined ? null : v)));
    return (builtin as Builtin).call(values, operands);
  } catch (error) {
    if (error instanceof GoTemplateExecError) throw error;
    site.at(command);
    // A step limit a costly function met (step-meter.ts) is the engine's own error, not the function's.
    if (error instanceof StepLimitError) return site.fail(error.message);
    return site.fail(`error calling ${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function checkArity<Dot>(site: CallSite<Dot>, name: string, builtin: Builtin, given: number, count: number): void {
  if (builtin.variadic) {
    if (count < builtin.arity) site.fail(`wrong number of args for ${name}: want at least ${builtin.arity} got ${given}`);
  } else if (count !== builtin.arity) {
    site.fail(`wrong number of args for ${name}: want ${builtin.arity} got ${count}`);
  }
}

/** printf's format is a Go string parameter: constants must be strings, values must hold one. */
function evalStringArg<Dot>(site: CallSite<Dot>, dot: Dot, arg: ArgNode): GoValue {
  site.at(arg);
  if (arg.kind === 'string') return arg.text;
  if (arg.kind === 'bool' || arg.kind === 'number' || arg.kind === 'nil') site.fail(`expected string; found ${nodeToString(arg)}`);
  const value = site.evalArg(dot, arg);
  checkString(site, value);
  return value;
}

function checkString<Dot>(site: CallSite<Dot>, value: GoValue): void {
  if (value === undefined || value === null) site.fail('invalid value; expected string');
  if (typeof value !== 'string') site.fail(`wrong type for value; expected string; got ${goTypeName(value)}`);
}
