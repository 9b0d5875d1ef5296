import type { AccessDecider } from './authorizer';
import type { CallerRoles, CasbinEnforcer } from './casbin-enforcer';
import type { MatchMode } from './pattern-match';
import type { PermissionRule, PolicyRule } from './policy-rules';
import { PROJECT_SCOPED_RESOURCES } from './vocabulary';

const GLOB_SPECIAL = /[*?[\]{}\\]/;

/**
 * One caller's decisions for one request. A casbin enforcement walks every policy line, so a list of 10,000 rows
 * must not cost 10,000 of them: each answer is kept per object, and for a project-scoped kind (`<project>/<name>`)
 * per project too when none of the caller's lines for that resource and action can tell one name of the project
 * from another (the common case: `*`, `<project>/*`, any-project-any-name, or lines about other projects). Then the first name's
 * answer is every name's answer. Only glob patterns are read that way; in regex mode answers are kept per object.
 */
export class MemoisedDecider implements AccessDecider {
  // Three maps, so no object's key (an object may hold any text) can ever be taken for a project's or for "every".
  private readonly answers = new Map<string, boolean>();
  private readonly projectAnswers = new Map<string, boolean>();
  private readonly everyObjectAnswers = new Map<string, boolean>();
  private readonly objectPatterns = new Map<string, string[]>();

  constructor(
    private readonly enforcer: CasbinEnforcer,
    private readonly roles: CallerRoles,
    private readonly callerRules: readonly PermissionRule[],
    private readonly mode: MatchMode,
    private readonly matches: (value: string, pattern: string) => boolean,
  ) {}

  static callerRules(rules: readonly PolicyRule[], roles: CallerRoles): PermissionRule[] {
    return rules.filter((rule): rule is PermissionRule => rule.kind === 'p' && roles.has(rule.subject));
  }

  can(resource: string, action: string, object: string): boolean {
    const exactKey = `${resource}\n${action}\n${object}`;
    const known = this.answers.get(exactKey);
    if (known !== undefined) return known;
    const projectKey = this.projectKey(resource, action, object);
    const forProject = projectKey === undefined ? undefined : this.projectAnswers.get(projectKey);
    if (forProject !== undefined) return forProject;
    const answer = this.enforcer.enforce(this.roles, resource, action, object);
    this.answers.set(exactKey, answer);
    if (projectKey !== undefined) this.projectAnswers.set(projectKey, answer);
    return answer;
  }

  /**
   * Every object allowed: one of the caller's lines allows the resource and action on any object (`*`; `.*` in regex
   * mode) and none of its lines for them denies anything, whatever the object. Anything less answers false.
   */
  canEveryObject(resource: string, action: string): boolean {
    const key = `${resource}\n${action}`;
    const known = this.everyObjectAnswers.get(key);
    if (known !== undefined) return known;
    const rules = this.callerRules.filter((rule) => this.matches(resource, rule.resource) && this.matches(action, rule.action));
    const answer = !rules.some((rule) => rule.effect === 'deny') && rules.some((rule) => rule.effect === 'allow' && this.anyObject(rule.object));
    this.everyObjectAnswers.set(key, answer);
    return answer;
  }

  canEveryObjectIn(resource: string, action: string, project: string): boolean {
    if (!this.can(resource, action, `${project}/*`)) return false;
    const denials = this.callerRules.filter((rule) => rule.effect === 'deny' && this.matches(resource, rule.resource) && this.matches(action, rule.action));
    // A regex can single out anything: only a glob is read for which names it could match.
    return denials.every((rule) => this.mode === 'glob' && blindToNames(rule.object, project));
  }

  private anyObject(pattern: string): boolean {
    return this.mode === 'glob' ? pattern === '*' : pattern === '.*' || pattern === '^.*$';
  }

  /** The key all names of the object's project share, when the caller's lines cannot tell those names apart. */
  private projectKey(resource: string, action: string, object: string): string | undefined {
    if (this.mode !== 'glob' || !(PROJECT_SCOPED_RESOURCES as readonly string[]).includes(resource)) return undefined;
    const slash = object.indexOf('/');
    if (slash <= 0 || object.indexOf('/', slash + 1) >= 0) return undefined;
    const project = object.slice(0, slash);
    const blind = this.patternsFor(resource, action).every((pattern) => blindToNames(pattern, project));
    return blind ? `${resource}\n${action}\n${project}/\n` : undefined;
  }

  private patternsFor(resource: string, action: string): string[] {
    const key = `${resource}\n${action}`;
    let patterns = this.objectPatterns.get(key);
    if (!patterns) {
      patterns = this.callerRules.filter((rule) => this.matches(resource, rule.resource) && this.matches(action, rule.action)).map((rule) => rule.object);
      this.objectPatterns.set(key, patterns);
    }
    return patterns;
  }
}

/**
 * Whether a glob matches all of `<project>/<name>` (names without `/`) or none of them, whatever the name: `*`,
 * `*` + `/*`, `<project>/*`, or a pattern whose literal start already differs from `<project>/`.
 */
export function blindToNames(pattern: string, project: string): boolean {
  if (pattern === '*' || pattern === '*/*' || pattern === `${project}/*`) return true;
  const special = pattern.search(GLOB_SPECIAL);
  const literal = special < 0 ? pattern : pattern.slice(0, special);
  const prefix = `${project}/`;
  if (special < 0) return !pattern.startsWith(prefix);
  return !literal.startsWith(prefix) && !prefix.startsWith(literal);
}
