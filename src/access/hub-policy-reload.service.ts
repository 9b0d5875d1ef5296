import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import type { PolicyReloadRecorder } from '../metrics/recorders';
import { AccessPolicyService } from './access-policy.service';
import { AccessPolicyError, loadHubPolicy, readPolicyFile } from './hub-policy';

/** What one check of RBAC_POLICY_FILE did. */
export type PolicyFileCheck = 'unchanged' | 'reloaded' | 'kept';

/**
 * Puts a changed RBAC_POLICY_FILE in force without a restart. A check reads the whole file (it is small and local)
 * and compares the SHA-256 of its bytes with the text in force, so a rewrite to the same text, a touch, or a
 * Kubernetes ConfigMap's symlink swap to equal content changes nothing, and no modification time or size is trusted
 * to notice a change. A new text goes through every start-up check; a missing, unreadable or invalid one keeps the
 * policy in force, logs an error once per distinct content (or read problem), and shows in the metric
 * `flotilla_access_policy_last_reload_successful` until the file holds a usable text again.
 */
@Injectable()
export class HubPolicyReload {
  private readonly logger = new Logger('AccessPolicy');
  /** The digest (or read problem) last refused: seen again, it is refused without another error line. */
  private refused?: string;
  /** Checks run one after another: one asked for while another runs reads the file again after it. */
  private last: Promise<PolicyFileCheck> = Promise.resolve('unchanged');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly access: AccessPolicyService,
    @Inject(MetricsService) private readonly metrics: PolicyReloadRecorder,
  ) {}

  check(): Promise<PolicyFileCheck> {
    const next = this.last.catch(() => 'unchanged' as const).then(() => this.checkOnce());
    this.last = next;
    return next;
  }

  /** Resolves once the checks asked for so far are done (tests advance the clock, then wait on this). */
  async settled(): Promise<void> {
    await this.last.catch(() => undefined);
  }

  private async checkOnce(): Promise<PolicyFileCheck> {
    const file = this.config.access.policyFile;
    if (file === undefined) return 'unchanged';
    const read = await readPolicyFile(file);
    const seen = 'digest' in read ? read.digest : `unreadable: ${read.problem}`;
    if (seen === this.access.hubPolicyInForce.fileDigest) {
      this.refused = undefined;
      this.metrics.policyFileChecked(true);
      return 'unchanged';
    }
    if (seen === this.refused) return 'kept';
    let policy;
    try {
      policy = loadHubPolicy(this.config.access, read);
    } catch (error) {
      if (!(error instanceof AccessPolicyError)) throw error;
      this.refused = seen;
      this.metrics.policyFileChecked(false);
      this.logger.error(`RBAC_POLICY_FILE ${file} changed and cannot be used; the policy in force is kept:\n  - ${error.violations.join('\n  - ')}`);
      return 'kept';
    }
    this.access.replaceHubPolicy(policy);
    this.refused = undefined;
    this.metrics.policyFileChecked(true);
    this.logger.log(`Reloaded RBAC_POLICY_FILE ${file}: ${policy.rules.length} policy line(s) in force`);
    return 'reloaded';
  }
}
