/**
 * The executor of Go's text/template over the Go value model. It follows text/template's exec.go:
 * pipelines strip interface boxes, missing map keys follow the missingkey option, and every error names
 * the node being evaluated (`template: t:1:2: executing "t" at <.a.b>: ...`).
 *
 * Go's reflect distinguishes an invalid value (a missing key) from a nil interface (a JSON null in a map);
 * here they are `undefined` and `null`. A value read out of a map or slice is "boxed" (its static type is
 * interface {}) until a pipeline ends, which only changes the type name in field errors, as in Go.
 */
import { GoTemplateExecError, lineAndColumn } from './errors';
import { CallSite, Final, NO_FINAL, evalCall } from './calls';
import { ArgNode, BranchNode, CommandNode, FieldNode, IdentifierNode, ItemNode, Node, PipeNode, TemplateNode, nodeToString } from './nodes';
import { evalObjectMember } from './methods';
import { FuncMap, GoObject, GoValue, formatValue, goTypeName, isMap, isTrue, sortedKeys } from './value';
import type { TreeSet } from './parse';
import { goQuote } from './quote';
import { StepLimitError, withStepMeter } from './step-meter';

export type MissingKey = 'default' | 'invalid' | 'zero' | 'error';

export interface ExecLimits {
  /** Output larger than this fails the execution (a hostile template must not exhaust memory). */
  maxOutputBytes: number;
  /** Nested `{{template}}` calls deeper than this fail (Go allows 100000; a hub needs far less). */
  maxTemplateDepth: number;
  /** Walked nodes and loop iterations, and what costly functions charge (step-meter.ts); bounds `{{range 100000000000}}` and friends. */
  maxSteps: number;
}

export interface ExecContext {
  parseName: string;
  text: string;
  trees: TreeSet;
  funcs: FuncMap;
  missingKey: MissingKey;
  limits: ExecLimits;
  /** Steps shared by many executions (every string of an expansion): a node or iteration spends one, a costly function more (step-meter.ts). */
  budget?: StepBudget;
}

/**
 * A step allowance several executions draw from: one hostile string is bounded by `maxSteps`, but a thousand
 * Applications each running it would still hold the hub for minutes, so an expansion shares one budget.
 */
export interface StepBudget {
  remaining: number;
}

/** A value with its static type: boxed values came out of a map or slice and are typed interface {}. */
interface Typed {
  value: GoValue;
  boxed: boolean;
}
interface Variable extends Typed {
  name: string;
}

/** Thrown by {{break}} and {{continue}} and caught by the enclosing range. */
class LoopSignal extends Error {
  constructor(readonly kind: 'break' | 'continue') {
    super(kind);
  }
}


export function executeTemplate(context: ExecContext, name: string, data: GoValue): string {
  const root = context.trees.get(name);
  const state = new ExecState(context, name);
  if (!root) return state.fail(`${goQuote(name, false)} is an incomplete or empty template`);
  const dot: Typed = { value: data === null ? undefined : data, boxed: false };
  state.vars.push({ name: '$', ...dot });
  withStepMeter({ spend: (steps) => state.charge(steps) }, () => state.walk(dot, root));
  return state.output();
}

export class ExecState implements CallSite<Typed> {
  readonly vars: Variable[] = [];
  private readonly chunks: string[] = [];
  private outputBytes = 0;
  private steps = 0;
  private depth = 0;
  private node: Node | null = null;

  constructor(
    private readonly context: ExecContext,
    private templateName: string,
  ) {}

  get funcs(): FuncMap {
    return this.context.funcs;
  }

  output(): string {
    return this.chunks.join('');
  }

  private step(): void {
    const exceeded = this.spend(1);
    if (exceeded !== undefined) this.fail(exceeded);
  }

  /** What a costly function spends (step-meter.ts); the call that ran it reports a limit passed. */
  charge(steps: number): void {
    const exceeded = this.spend(steps);
    if (exceeded !== undefined) throw new StepLimitError(exceeded);
  }

  /** Spends steps of this execution's limit and of the shared budget; the message of a limit passed, if one is. */
  private spend(steps: number): string | undefined {
    this.steps += steps;
    if (this.steps > this.context.limits.maxSteps) return `execution exceeded ${this.context.limits.maxSteps} steps`;
    const budget = this.context.budget;
    if (budget !== undefined && (budget.remaining -= steps) < 0) return 'execution exceeded the step budget shared by this expansion';
    return undefined;
  }

  walk(dot: Typed, node: ItemNode): void {
    this.at(node);
    this.step();
    switch (node.kind) {
      case 'action': {
        const value = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.write(value === undefined || value === null ? '<no value>' : formatValue(value));
        return;
      }
      case 'text':
        this.write(node.text);
        return;
      case 'list':
        for (const item of node.nodes) this.walk(dot, item);
        return;
      case 'if':
      case 'with':
        this.walkIfOrWith(dot, node);
        return;
      case 'range':
        this.walkRange(dot, node);
        return;
      case 'template':
        this.walkTemplate(dot, node);
        return;
      case 'break':
      case 'continue':
        throw new LoopSignal(node.kind);
    }
  }

  private walkIfOrWith(dot: Typed, node: BranchNode): void {
    const mark = this.vars.length;
    const value = this.evalPipeline(dot, node.pipe);
    if (isTrue(value)) this.walk(node.kind === 'with' ? { value, boxed: false } : dot, node.list);
    else if (node.elseList) this.walk(dot, node.elseList);
    this.vars.length = mark;
  }

  private walkRange(dot: Typed, node: BranchNode): void {
    this.at(node);
    const outer = this.vars.length;
    const value = this.evalPipeline(dot, node.pipe);
    const mark = this.vars.length;
    const { decl, isAssign } = node.pipe;
    const iterate = (index: GoValue, element: Typed): boolean => {
      this.step();
      if (decl.length > 0) {
        const first = decl.length > 1 ? { value: index, boxed: false } : element;
        if (isAssign) this.setVar(decl[0].ident[0], first);
        else this.vars[this.vars.length - 1] = { name: this.vars[this.vars.length - 1].name, ...element };
      }
      if (decl.length > 1) {
        if (isAssign) this.setVar(decl[1].ident[0], element);
        else this.vars[this.vars.length - 2] = { name: this.vars[this.vars.length - 2].name, value: index, boxed: false };
      }
      try {
        this.walk(element, node.list);
      } catch (signal) {
        if (!(signal instanceof LoopSignal)) throw signal;
        if (signal.kind === 'break') return false;
      } finally {
        this.vars.length = mark;
      }
      return true;
    };
    let ran = false;
    if (Array.isArray(value)) {
      ran = value.length > 0;
      for (let i = 0; i < value.length; i++) if (!iterate(BigInt(i), { value: value[i], boxed: true })) break;
    } else if (isMap(value)) {
      const keys = sortedKeys(value);
      ran = keys.length > 0;
      for (const key of keys) if (!iterate(key, { value: value[key], boxed: true })) break;
    } else if (typeof value === 'bigint' || (value instanceof GoObject && value.integer !== undefined)) {
      if (decl.length > 1) this.fail(`can't use ${formatValue(value)} to iterate over more than one variable`);
      // An integer of a named type (time.Month) yields values of that type, as Go 1.22's reflect.Value.Seq does.
      const count = typeof value === 'bigint' ? value : (value.integer as bigint);
      const element = (i: bigint): GoValue => (typeof value === 'bigint' ? i : value.withInteger(i));
      ran = count > 0n;
      for (let i = 0n; i < count; i++) {
        const item = element(i);
        if (!iterate(item, { value: item, boxed: false })) break;
      }
    } else if (value !== undefined && value !== null) {
      // Go reports this at the last node the pipeline evaluated, not at the range.
      this.fail(`range can't iterate over ${formatValue(value)}`);
    }
    if (!ran && node.elseList) this.walk(dot, node.elseList);
    this.vars.length = outer;
  }

  private walkTemplate(dot: Typed, node: TemplateNode): void {
    this.at(node);
    const tree = this.context.trees.get(node.name);
    if (!tree) this.fail(`template ${goQuote(node.name, false)} not defined`);
    if (this.depth >= this.context.limits.maxTemplateDepth) this.fail(`exceeded maximum template depth (${this.context.limits.maxTemplateDepth})`);
    const value = node.pipe ? this.evalPipeline(dot, node.pipe) : undefined;
    const saved = { vars: this.vars.splice(0), name: this.templateName };
    this.vars.push({ name: '$', value, boxed: false });
    this.templateName = node.name;
    this.depth++;
    try {
      this.walk({ value, boxed: false }, tree);
    } finally {
      this.depth--;
      this.templateName = saved.name;
      this.vars.splice(0, this.vars.length, ...saved.vars);
    }
  }

  evalPipeline(dot: Typed, pipe: PipeNode): GoValue {
    this.at(pipe);
    let value: Final = NO_FINAL;
    for (const cmd of pipe.cmds) {
      // Go strips the interface{} box after every command: a nil interface becomes "no value".
      value = stripNil(this.evalCommand(dot, cmd, value));
    }
    const result = value === NO_FINAL ? undefined : value;
    for (const variable of pipe.decl) {
      if (pipe.isAssign) this.setVar(variable.ident[0], { value: result, boxed: false });
      else this.vars.push({ name: variable.ident[0], value: result, boxed: false });
    }
    return result;
  }

  private evalCommand(dot: Typed, cmd: CommandNode, final: Final): GoValue {
    const first = cmd.args[0];
    switch (first.kind) {
      case 'field':
        return this.evalFieldNode(dot, first, cmd.args, final);
      case 'chain':
        this.at(first);
        if (first.node.kind === 'nil') this.fail(`indirection through explicit nil in ${nodeToString(first)}`);
        return this.evalFieldChain(dot, { value: this.evalArg(dot, first.node), boxed: false }, first, first.fields, cmd.args, final);
      case 'identifier':
        return this.evalFunction(dot, first, cmd, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable': {
        this.at(first);
        const variable = this.varValue(first.ident[0]);
        if (first.ident.length === 1) {
          this.notAFunction(cmd.args, final);
          return variable.value;
        }
        return this.evalFieldChain(dot, variable, first, first.ident.slice(1), cmd.args, final);
      }
    }
    this.at(first);
    this.notAFunction(cmd.args, final);
    switch (first.kind) {
      case 'bool':
        return first.value;
      case 'dot':
        return dot.value;
      case 'nil':
        return this.fail('nil is not a command');
      case 'number':
        return this.numberConstant(first.value, first.text);
      case 'string':
        return first.text;
    }
  }

  private notAFunction(args: ArgNode[], final: Final): void {
    if (args.length > 1 || final !== NO_FINAL) this.fail(`can't give argument to non-function ${nodeToString(args[0])}`);
  }

  private numberConstant(value: bigint | number, text: string): GoValue {
    if (typeof value === 'bigint' && (value > 0x7fff_ffff_ffff_ffffn || value < -(2n ** 63n))) this.fail(`${text} overflows int`);
    return value;
  }

  private evalFieldNode(dot: Typed, field: FieldNode, args: ArgNode[], final: Final): GoValue {
    this.at(field);
    return this.evalFieldChain(dot, dot, field, field.ident, args, final);
  }

  private evalFieldChain(dot: Typed, receiver: Typed, node: Node, ident: string[], args: ArgNode[], final: Final): GoValue {
    let current = receiver;
    // A map's values are typed interface {}; a method result or struct field has its own type.
    for (let i = 0; i < ident.length - 1; i++) current = { value: this.evalField(dot, ident[i], [], NO_FINAL, current), boxed: !(current.value instanceof GoObject) };
    return this.evalField(dot, ident[ident.length - 1], args, final, current);
  }

  private evalField(dot: Typed, fieldName: string, args: ArgNode[], final: Final, receiver: Typed): GoValue {
    const { value } = receiver;
    if (value === undefined) {
      if (this.context.missingKey === 'error') this.fail(`nil data; no entry for key ${goQuote(fieldName, false)}`);
      return undefined;
    }
    const typeName = receiver.boxed ? 'interface {}' : goTypeName(value);
    if (value === null) this.fail(`nil pointer evaluating ${typeName}.${fieldName}`);
    if (value instanceof GoObject) return evalObjectMember(this, dot, value, fieldName, typeName, args, final);
    if (isMap(value)) {
      if (args.length > 1 || final !== NO_FINAL) this.fail(`${fieldName} is not a method but has arguments`);
      if (Object.prototype.hasOwnProperty.call(value, fieldName)) return value[fieldName];
      switch (this.context.missingKey) {
        case 'zero':
          return null;
        case 'error':
          return this.fail(`map has no entry for key ${goQuote(fieldName, false)}`);
        default:
          return undefined;
      }
    }
    return this.fail(`can't evaluate field ${fieldName} in type ${typeName}`);
  }

  private evalFunction(dot: Typed, identifier: IdentifierNode, command: Node, args: ArgNode[], final: Final): GoValue {
    return evalCall(this, dot, identifier, command, args.slice(1), final);
  }

  evalArg(dot: Typed, arg: ArgNode): GoValue {
    this.at(arg);
    switch (arg.kind) {
      case 'dot':
        return dot.value;
      case 'nil':
        return null;
      case 'field':
        return this.evalFieldNode(dot, arg, [arg], NO_FINAL);
      case 'variable': {
        const variable = this.varValue(arg.ident[0]);
        if (arg.ident.length === 1) return variable.value;
        return this.evalFieldChain(dot, variable, arg, arg.ident.slice(1), [arg], NO_FINAL);
      }
      case 'pipe':
        return this.evalPipeline(dot, arg);
      case 'identifier':
        return this.evalFunction(dot, arg, arg, [arg], NO_FINAL);
      case 'chain':
        if (arg.node.kind === 'nil') this.fail(`indirection through explicit nil in ${nodeToString(arg)}`);
        return this.evalFieldChain(dot, { value: this.evalArg(dot, arg.node), boxed: false }, arg, arg.fields, [arg], NO_FINAL);
      case 'bool':
        return arg.value;
      case 'number':
        return this.numberConstant(arg.value, arg.text);
      case 'string':
        return arg.text;
    }
  }

  private varValue(name: string): Typed {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i].name === name) return this.vars[i];
    return this.fail(`undefined variable: ${name}`);
  }

  private setVar(name: string, value: Typed): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i].name === name) {
        this.vars[i] = { name, ...value };
        return;
      }
    }
    this.fail(`undefined variable: ${name}`);
  }

  private write(text: string): void {
    this.outputBytes += Buffer.byteLength(text, 'utf8');
    if (this.outputBytes > this.context.limits.maxOutputBytes) {
      this.node = null;
      this.fail(`output exceeds the limit of ${this.context.limits.maxOutputBytes} bytes`);
    }
    this.chunks.push(text);
  }

  at(node: Node): void {
    this.node = node;
  }

  fail(message: string): never {
    const { parseName, text } = this.context;
    if (!this.node) throw new GoTemplateExecError(`template: ${parseName}: ${message}`);
    const { line, column } = lineAndColumn(text, this.node.pos);
    const where = nodeToString(this.node);
    const context = [...where].length > 20 ? `${[...where].slice(0, 20).join('')}...` : where;
    throw new GoTemplateExecError(`template: ${parseName}:${line}:${column}: executing ${goQuote(this.templateName, false)} at <${context}>: ${message}`);
  }
}

function stripNil(value: GoValue): GoValue {
  return value === null ? undefined : value;
}
