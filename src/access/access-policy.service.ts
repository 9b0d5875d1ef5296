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

/** The policy in force: built from the hub-wide policy and the project roles whose digest it names. */
interface BuiltPolicy {
  projectsDigest: string;
  rules: PolicyRule[];
  enforcer: CasbinEnforcer;
}

/**
 * The Authorizer: one casbin enforcer over the built-in roles, the hub-wide policy and every AppProject's roles
 * (one enforcer, so a deny anywhere beats an allow anywhere, as in Argo CD). The hub-wide policy is fixed at
 * start-up; project roles change at run time on any replica, so every `decider` call first reads the digest of all
 * projects' roles (one small aggregate query) and rebuilds the enforcer only when it differs from the one in force.
 */
@Injectable()
export class AccessPolicyService extends Authorizer implements OnModuleInit {
  private hubPolicy!: HubPolicy;
  private built?: BuiltPolicy;
  private building?: { digest: string; promise: Promise<BuiltPolicy> };
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
    if (this.built?.projectsDigest === digest) return this.built;
    // Requests arriving while a rebuild for this digest runs share it instead of each building their own.
    let building = this.building;
    if (building?.digest !== digest) {
      const promise = this.build(digest).finally(() => {
        if (this.building?.promise === promise) this.building = undefined;
      });
      building = this.building = { digest, promise };
    }
    const built = await building.promise;
    this.built = built;
    return built;
  }

  /**
   * Reads the roles after the digest: a change landing in between leaves this build under the older digest, so the
   * next request sees a new digest and builds again; it never keeps a newer policy under an older name for long.
   */
  private async build(projectsDigest: string): Promise<BuiltPolicy> {
    const mode = this.hubPolicy.matchMode;
    const rules = [...builtinRules(mode), ...this.hubPolicy.rules];
    for (const project of await this.projects.listRoles()) rules.push(...projectRoleRules(project.name, project.roles, mode));
    return { projectsDigest, rules, enforcer: await CasbinEnforcer.create(rules, mode) };
  }
}
