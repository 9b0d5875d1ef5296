/**
 * A parsed Go template: parse once, execute for many data values (an ApplicationSet renders one
 * Application per generated parameter set from the same template).
 */
import { BUILTINS } from './builtins';
import { GoTemplateExecError, GoTemplateParseError } from './errors';
import { ExecLimits, MissingKey, StepBudget, executeTemplate } from './exec';
import { TreeSet, parseTrees } from './parse';
import { FuncMap, GoValue } from './value';

export interface ExecuteOptions {
  /** Go's `missingkey=` option; Argo CD passes it through `goTemplateOptions`. */
  missingKey?: MissingKey;
  /** A step allowance shared with other executions (see StepBudget). */
  budget?: StepBudget;
}

/** Limits that keep a hostile manifest from hanging or exhausting the hub. */
export const DEFAULT_LIMITS: ExecLimits = {
  maxOutputBytes: 1024 * 1024,
  maxTemplateDepth: 1000,
  maxSteps: 10_000_000,
};

export class GoTemplate {
  private constructor(
    readonly name: string,
    private readonly text: string,
    private readonly trees: TreeSet,
    private readonly funcs: FuncMap,
    private readonly limits: ExecLimits,
  ) {}

  /** Parses `text`; unknown functions, bad syntax and misplaced keywords throw GoTemplateParseError. */
  static parse(name: string, text: string, funcs: FuncMap, limits: ExecLimits = DEFAULT_LIMITS): GoTemplate {
    const known = (fn: string): boolean => Object.prototype.hasOwnProperty.call(funcs, fn) || Object.prototype.hasOwnProperty.call(BUILTINS, fn);
    try {
      return new GoTemplate(name, text, parseTrees(name, text, known), funcs, limits);
    } catch (error) {
      if (error instanceof RangeError) throw new GoTemplateParseError(`template: ${name}: template nested too deeply`, { cause: error });
      throw error;
    }
  }

  /** Names of every template the text defines (the main one, `define`s and `block`s). */
  templateNames(): string[] {
    return [...this.trees.keys()].sort();
  }

  /** Executes the main template; failures throw GoTemplateExecError. */
  execute(data: GoValue, options: ExecuteOptions = {}): string {
    return this.executeTemplate(this.name, data, options);
  }

  /** Executes one named template of the set, as Go's ExecuteTemplate. */
  executeTemplate(name: string, data: GoValue, options: ExecuteOptions = {}): string {
    const context = { parseName: this.name, text: this.text, trees: this.trees, funcs: this.funcs, missingKey: options.missingKey ?? 'default', limits: this.limits, budget: options.budget };
    try {
      return executeTemplate(context, name, data);
    } catch (error) {
      // Nesting times recursion can still outgrow the JS stack; that is the template's fault, not the hub's.
      if (error instanceof RangeError) throw new GoTemplateExecError(`template: ${this.name}: execution nested too deeply`, { cause: error });
      throw error;
    }
  }
}
