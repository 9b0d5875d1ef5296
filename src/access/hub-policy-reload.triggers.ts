import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { PeriodicJobs } from '../scheduling/periodic-jobs';
import { HubPolicyReload } from './hub-policy-reload.service';

const JOB_NAME = 'access-policy-file';

/**
 * Thin: asks for a check of RBAC_POLICY_FILE every RBAC_POLICY_FILE_CHECK_SECONDS. Every replica checks its own copy
 * of the file (no lease: each must put the new policy in force itself). Not on SIGHUP: the hub's shutdown hooks
 * (`enableShutdownHooks()` in bootstrap.ts) already take SIGHUP as "stop", as Nest does by default.
 */
@Injectable()
export class HubPolicyReloadTriggers implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: PeriodicJobs,
    private readonly reload: HubPolicyReload,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const { policyFile, policyFileCheckSeconds } = this.config.access;
    if (policyFile === undefined || policyFileCheckSeconds === 0) return;
    this.jobs.start({ name: JOB_NAME, intervalMs: policyFileCheckSeconds * 1000, jitter: 0.1, run: () => this.reload.check().then(() => undefined) });
  }
}
