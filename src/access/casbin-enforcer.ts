import { type Enforcer, newEnforcer, newModelFromString } from 'casbin';
import { type MatchMode, patternMatcher } from './pattern-match';
import type { PolicyRule } from './policy-rules';

/**
 * Argo CD's model (assets/model.conf), with one change: the request's subject is the set of every role the caller
 * holds, not one name. Argo CD enforces a user and then each group separately, so a deny written for one group does
 * not stop an allow reached through another; checking the caller's whole set in one enforcement keeps "some allow
 * and no deny" across all of them. Role inheritance (`g`) is still casbin's: the set comes from its role manager.
 */
const MODEL = `
[request_definition]
r = sub, res, act, obj

[policy_definition]
p = sub, res, act, obj, eft

[role_definition]
g = _, _

[policy_effect]
e = some(where (p.eft == allow)) && !some(where (p.eft == deny))

[matchers]
m = callerHolds(r.sub, p.sub) && globOrRegexMatch(r.res, p.res) && globOrRegexMatch(r.act, p.act) && globOrRegexMatch(r.obj, p.obj)
`;

/** The subjects of one caller and every role they hold, directly or through other roles. */
export type CallerRoles = ReadonlySet<string>;

/**
 * The policy engine: node-casbin behind the only file that imports it. Built once per policy (hub-wide, built-in and
 * every project's roles) and then read-only, so concurrent requests share it.
 */
export class CasbinEnforcer {
  private constructor(private readonly enforcer: Enforcer) {}

  static async create(rules: readonly PolicyRule[], mode: MatchMode): Promise<CasbinEnforcer> {
    const enforcer = await newEnforcer(newModelFromString(MODEL));
    await enforcer.addFunction('globOrRegexMatch', patternMatcher(mode));
    await enforcer.addFunction('callerHolds', (roles: CallerRoles, subject: string) => roles.has(subject));
    const permissions = rules.flatMap((rule) => (rule.kind === 'p' ? [[rule.subject, rule.resource, rule.action, rule.object, rule.effect]] : []));
    const assignments = rules.flatMap((rule) => (rule.kind === 'g' ? [[rule.subject, rule.role]] : []));
    if (permissions.length > 0) await enforcer.addPolicies(dedupe(permissions));
    if (assignments.length > 0) await enforcer.addGroupingPolicies(dedupe(assignments));
    return new CasbinEnforcer(enforcer);
  }

  /** The subjects and every role they hold through `g` lines (transitively). */
  async rolesOf(subjects: readonly string[]): Promise<CallerRoles> {
    const roles = new Set(subjects);
    for (const subject of subjects) {
      for (const role of await this.enforcer.getImplicitRolesForUser(subject)) roles.add(role);
    }
    return roles;
  }

  /** true when a line of one of these roles allows the request and none denies it. */
  enforce(roles: CallerRoles, resource: string, action: string, object: string): boolean {
    return this.enforcer.enforceSync(roles, resource, action, object);
  }
}

/** casbin refuses a batch holding a line twice; the same line written twice means the same as once. */
function dedupe(lines: string[][]): string[][] {
  const seen = new Set<string>();
  return lines.filter((line) => {
    const key = JSON.stringify(line);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
