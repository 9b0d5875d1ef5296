import * as fs from 'node:fs';
import type { AppConfig } from '../config/app-config';
import type { MatchMode } from './pattern-match';
import type { PolicyRule } from './policy-rules';
import { describeProblems, parsePolicyText } from './policy-validation';
import { BUILTIN_ROLES } from './vocabulary';

/** The hub-wide policy: argocd-rbac-cm's `policy.csv`, `policy.default` and `policy.matchMode`. */
export interface HubPolicy {
  rules: PolicyRule[];
  defaultRole?: string;
  matchMode: MatchMode;
}

/** The hub refuses to start on a policy it cannot use; the message lists every problem, one per line. */
export class AccessPolicyError extends Error {
  constructor(readonly violations: string[]) {
    super(`Invalid access policy:\n  - ${violations.join('\n  - ')}`);
  }
}

/**
 * Reads and checks the hub-wide policy (RBAC_POLICY_CSV, then RBAC_POLICY_FILE: both may be given) and the default
 * role, reporting every problem at once. A default role must be a built-in role or a subject the policy names,
 * since a misspelt one would silently give nobody anything.
 */
export function loadHubPolicy(settings: AppConfig['access']): HubPolicy {
  const violations: string[] = [];
  const rules: PolicyRule[] = [];
  const read = (source: string, text: string) => {
    const parsed = parsePolicyText(text, settings.matchMode);
    rules.push(...parsed.rules);
    violations.push(...describeProblems(source, parsed.problems));
  };
  if (settings.policyCsv !== undefined) read('RBAC_POLICY_CSV', settings.policyCsv);
  if (settings.policyFile !== undefined) {
    let text: string | undefined;
    try {
      text = fs.readFileSync(settings.policyFile, 'utf8');
    } catch (error) {
      violations.push(`RBAC_POLICY_FILE: cannot read ${settings.policyFile} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    if (text !== undefined) read(`RBAC_POLICY_FILE ${settings.policyFile}`, text);
  }
  const defaultRole = settings.defaultRole;
  if (defaultRole !== undefined && !isKnownSubject(defaultRole, rules)) {
    violations.push(`RBAC_POLICY_DEFAULT: "${defaultRole}" is neither a built-in role (${Object.values(BUILTIN_ROLES).join(', ')}) nor a subject of the policy`);
  }
  if (violations.length > 0) throw new AccessPolicyError(violations);
  return { rules, defaultRole, matchMode: settings.matchMode };
}

function isKnownSubject(subject: string, rules: readonly PolicyRule[]): boolean {
  if ((Object.values(BUILTIN_ROLES) as string[]).includes(subject)) return true;
  return rules.some((rule) => rule.subject === subject || (rule.kind === 'g' && rule.role === subject));
}
