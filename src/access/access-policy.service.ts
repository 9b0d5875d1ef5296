import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { Principal } from '../domain/roles';
import { ProjectRepository } from '../repositories/project.repository';
import { type AccessDecider, Authorizer } from './authorizer';
import { builtinRules, subjectsOf } from './builtin-policy';
import { CasbinEnforcer } from './casbin-enforcer';
import { type HubPolicy, loadHubPolicy } from './hub-policy';
import { MemoisedDecider } from './memoised-decider';
import { patternMatcher } from './pattern-match';
import type { PolicyRule } from './policy-rules';
import { projectRoleRules } from './project-policy';

/** The policy in force: built from this hub-wide policy and the project roles whose digest it names. */
interface BuiltPolicy {
  hubPolicy: HubPolicy;
  projectsDigest: string;
  rules: PolicyRule[];
  enforcer: CasbinEnforcer;
}

/**
 * The Authorizer: one casbin enforcer over the built-in roles, the hub-wide policy and every AppProject's roles
 * (one enforcer, so a deny anywhere beats an allow anywhere, as in Argo CD). The hub-wide policy is checked at
 * start-up and replaced when RBAC_POLICY_FILE changes (`HubPolicyReload`); project roles change at run time on any
 * replica, so every `decider` call first reads the digest of all projects' roles (one small aggregate query) and
 * rebuilds the enforcer only when that digest or the hub-wide policy differs from the ones it was built for.
 */
@Injectable()
export class AccessPolicyService extends Authorizer implements OnModuleInit {
  private hubPolicy!: HubPolicy;
  private built?: BuiltPolicy;
  private building?: { digest: string; hubPolicy: HubPolicy; promise: Promise<BuiltPolicy> };
  private readonly matches;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly projects: ProjectRepository,
  ) {
    super();
    this.matches = patternMatcher(config.access.matchMode);
  }

  /** Checks the hub-wide policy before the hub listens: a bad line stops the start-up (AccessPolicyError). */
  onModuleInit(): void {
    this.hubPolicy = loadHubPolicy(this.config.access);
  }

  /** The hub-wide policy in force. */
  get hubPolicyInForce(): HubPolicy {
    return this.hubPolicy;
  }

  /**
   * Puts a new hub-wide policy in force (it was checked as at start-up). Nothing else to do: the enforcer built (or
   * being built) for the old one names the policy it was built from, which `current()` compares, so the next
   * `decider` builds one for the new policy. A decider already handed out finishes its request under the old policy,
   * as a request does when a project's roles change.
   */
  replaceHubPolicy(policy: HubPolicy): void {
    this.hubPolicy = policy;
  }

  /** The caller's policy subjects: who the policy's lines name when they grant this caller something. */
  subjectsOf(principal: Principal): string[] {
    return subjectsOf(principal, this.hubPolicy.defaultRole);
  }

  async decider(principal: Principal): Promise<AccessDecider> {
    const policy = await this.current();
    const roles = await policy.enforcer.rolesOf(this.subjectsOf(principal));
    return new MemoisedDecider(policy.enforcer, roles, MemoisedDecider.callerRules(policy.rules, roles), this.hubPolicy.matchMode, this.matches);
  }

  private async current(): Promise<BuiltPolicy> {
    const digest = await this.projects.rolesDigest();
    const hubPolicy = this.hubPolicy;
    if (this.built?.projectsDigest === digest && this.built.hubPolicy === hubPolicy) return this.built;
    // Requests arriving while a rebuild for this digest runs share it instead of each building their own.
    let building = this.building;
    if (building?.digest !== digest || building.hubPolicy !== hubPolicy) {
      const promise = this.build(digest, hubPolicy).finally(() => {
        if (this.building?.promise === promise) this.building = undefined;
      });
      building = this.building = { digest, hubPolicy, promise };
    }
    const built = await building.promise;
    // A reload while this was built: this request uses it, but it is not kept, so it cannot take the place of one a
    // later request built for the policy in force (which the next request would then build again).
    if (built.hubPolicy === this.hubPolicy) this.built = built;
    return built;
  }

  /**
   * Reads the roles after the digest: a change landing in between leaves this build under the older digest, so the
   * next request sees a new digest and builds again; it never keeps a newer policy under an older name for long.
   */
  private async build(projectsDigest: string, hubPolicy: HubPolicy): Promise<BuiltPolicy> {
    const mode = hubPolicy.matchMode;
    const rules = [...builtinRules(mode), ...hubPolicy.rules];
    for (const project of await this.projects.listRoles()) rules.push(...projectRoleRules(project.name, project.roles, mode));
    return { hubPolicy, projectsDigest, rules, enforcer: await CasbinEnforcer.create(rules, mode) };
  }
}
