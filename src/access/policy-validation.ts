import { compilePattern, type MatchMode } from './pattern-match';
import { csvFields, type PolicyRule, ruleOfFields } from './policy-rules';
import { RESOURCES } from './vocabulary';

/** A line the policy cannot use: where it is, what it says, and why. */
export interface PolicyProblem {
  line: number;
  text: string;
  reason: string;
}

export interface ParsedPolicy {
  rules: PolicyRule[];
  problems: PolicyProblem[];
}

/**
 * Reads policy text in argocd-rbac-cm's `policy.csv` format and checks every line, so one start-up reports every bad
 * line: Argo CD's own checks (a `p` line has 6 fields, a `g` line 3, it starts with p or g) and more that Argo CD
 * leaves to fail silently at request time: empty fields, an effect other than allow|deny, a resource this hub does
 * not have (such a line could never match), and a pattern that does not compile in the match mode. Blank lines and
 * `#` comments are skipped.
 */
export function parsePolicyText(text: string, mode: MatchMode): ParsedPolicy {
  const rules: PolicyRule[] = [];
  const problems: PolicyProblem[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const result = checkLine(line, mode);
    if ('reason' in result) problems.push({ line: index + 1, text: line, reason: result.reason });
    else rules.push(result.rule);
  });
  return { rules, problems };
}

/** One line: its rule, or the first reason it is not a usable one. */
export function checkLine(line: string, mode: MatchMode): { rule: PolicyRule } | { reason: string } {
  const fields = csvFields(line);
  if (!fields) return { reason: 'a quote is not closed' };
  const parsed = ruleOfFields(fields);
  if ('reason' in parsed || parsed.rule.kind === 'g') return parsed;
  const { resource, action, object } = parsed.rule;
  for (const [name, pattern] of [['resource', resource], ['action', action], ['object', object]] as const) {
    const compiled = compilePattern(mode, pattern);
    if (!compiled.ok) return { reason: `the ${name} "${pattern}" is not a valid ${mode} pattern: ${compiled.reason}` };
    if (name === 'resource' && !RESOURCES.some((known) => compiled.regex.test(known))) {
      return { reason: `the resource "${pattern}" names none of this hub's resources (${RESOURCES.join(', ')})` };
    }
  }
  return parsed;
}

/** The problems as the start-up error lists them, one per line. */
export function describeProblems(source: string, problems: readonly PolicyProblem[]): string[] {
  return problems.map((problem) => `${source} line ${problem.line}: ${problem.reason}: ${problem.text}`);
}
