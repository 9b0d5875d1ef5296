/**
 * Fields and methods of named Go types (GoObject), as text/template's evalField reaches them: `{{ now.Year }}`,
 * `{{ $t.Format "2006" }}`, `{{ "2006" | $t.Format }}`, `{{ $cert.Cert }}`. A method's arguments are converted to
 * its parameter types as evalCall/evalArg do: constants must suit the type ("expected integer; found 1.5"), computed
 * values must be assignable to it ("wrong type for value; expected time.Duration; got int").
 */
import { CallSite, Final, NO_FINAL } from './calls';
import { GoTemplateExecError } from './errors';
import { ArgNode, nodeToString } from './nodes';
import { StepLimitError } from './step-meter';
import { GoObject, GoParam, GoValue, goTypeName } from './value';

/** `.name` on a GoObject; `typeName` is its static type in messages (interface {} for a value read from a map). */
export function evalObjectMember<Dot>(
  site: CallSite<Dot>,
  dot: Dot,
  object: GoObject,
  name: string,
  typeName: string,
  args: ArgNode[],
  final: Final,
): GoValue {
  const member = object.member(name);
  if (member?.kind === 'method') return callMethod(site, dot, name, member.params, member.call, args, final);
  if (member?.kind === 'unexported') return site.fail(`${name} is an unexported field of struct type ${typeName}`);
  if (member?.kind === 'field') {
    if (args.length > 1 || final !== NO_FINAL) site.fail(`${name} has arguments but cannot be invoked as function`);
    return member.value;
  }
  return site.fail(`can't evaluate field ${name} in type ${typeName}`);
}

function callMethod<Dot>(
  site: CallSite<Dot>,
  dot: Dot,
  name: string,
  params: readonly GoParam[],
  call: (args: GoValue[]) => GoValue,
  args: ArgNode[],
  final: Final,
): GoValue {
  // args[0] is the field node itself (or absent for a field in the middle of a chain), as in Go.
  const operands = args.slice(1);
  const count = operands.length + (final === NO_FINAL ? 0 : 1);
  if (count !== params.length) site.fail(`wrong number of args for ${name}: want ${params.length} got ${count}`);
  const values = operands.map((operand, i) => methodArg(site, dot, params[i], operand));
  if (final !== NO_FINAL) values.push(validateType(site, params[params.length - 1], final));
  try {
    return call(values);
  } catch (error) {
    if (error instanceof GoTemplateExecError) throw error;
    if (error instanceof StepLimitError) return site.fail(error.message);
    return site.fail(`error calling ${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Go's evalArg with a parameter type: constants are checked against the type, everything else evaluated. */
function methodArg<Dot>(site: CallSite<Dot>, dot: Dot, param: GoParam, arg: ArgNode): GoValue {
  site.at(arg);
  switch (arg.kind) {
    case 'nil':
      return site.fail(`cannot assign nil to ${param.type}`);
    case 'string':
      if (param.constant === 'string') return arg.text;
      break;
    case 'number': {
      const integer = integerConstant(arg.value);
      if (param.constant === 'int' && integer !== undefined) return integer;
      break;
    }
    case 'bool':
      break;
    default:
      return validateType(site, param, site.evalArg(dot, arg));
  }
  if (param.constant === 'int') return site.fail(`expected integer; found ${nodeToString(arg)}`);
  if (param.constant === 'string') return site.fail(`expected string; found ${nodeToString(arg)}`);
  return site.fail(`can't handle ${nodeToString(arg)} for arg of type ${param.type}`);
}

/** A number constant Go's parser marks IsInt: an integer, or a float with an integral value within int64. */
function integerConstant(value: bigint | number): bigint | undefined {
  if (typeof value === 'bigint') return value >= -(2n ** 63n) && value < 2n ** 63n ? value : undefined;
  return Number.isInteger(value) && value >= -(2 ** 63) && value < 2 ** 63 ? BigInt(value) : undefined;
}

function validateType<Dot>(site: CallSite<Dot>, param: GoParam, value: GoValue): GoValue {
  if (value === undefined || value === null) return site.fail(`invalid value; expected ${param.type}`);
  if (!param.accepts(value)) site.fail(`wrong type for value; expected ${param.type}; got ${goTypeName(value)}`);
  return value;
}
