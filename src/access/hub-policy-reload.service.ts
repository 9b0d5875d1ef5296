import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Clock, type Timer } from '../clock/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import type { PolicyReloadRecorder } from '../metrics/recorders';
import { AccessPolicyService } from './access-policy.service';
import { AccessPolicyError, loadHubPolicy, type PolicyFileRead, readPolicyFile } from './hub-policy';

/** What one check of RBAC_POLICY_FILE did; `settling`: a new content seen once, to be read again before it is used. */
export type PolicyFileCheck = 'unchanged' | 'settling' | 'reloaded' | 'kept';

/** The clock timer of the re-read that confirms a new content (tests move the fake clock to it by this name). */
export const POLICY_FILE_SETTLE_TIMER = 'access-policy-file-settle';
/** How long after a new content is first seen it is read again: far longer than a writer takes to fill a policy file. */
export const POLICY_FILE_SETTLE_MS = 1000;
/** Distinct refused contents (or read problems) remembered, so alternating bad files do not log on every check. */
const MAX_REFUSED = 16;

/**
 * Puts a changed RBAC_POLICY_FILE in force without a restart. A check reads the whole file (it is small and local)
 * and compares the SHA-256 of its bytes with the text in force, so a rewrite to the same text, a touch, or a
 * Kubernetes ConfigMap's symlink swap to equal content changes nothing, and no modification time or size is trusted
 * to notice a change.
 * A new content is used only once the same bytes are read twice in a row: `cat new > policy.csv` empties the file,
 * then fills it, and a check in between would otherwise put an empty policy, or a prefix ending on a line boundary
 * (without the deny lines further down), in force until the next check. The check that first sees it asks for a
 * re-read POLICY_FILE_SETTLE_MS later on the clock; if that re-read finds yet other bytes, the next periodic check
 * decides. On a reload an empty file (nothing but whitespace) is refused as well, whatever the timing.
 * A confirmed new text goes through every start-up check; a missing, unreadable, empty or invalid one keeps the
 * policy in force, logs an error once per distinct content (or read problem), and shows in the metric
 * `flotilla_access_policy_last_reload_successful` until the file holds a usable text again.
 */
@Injectable()
export class HubPolicyReload implements OnApplicationShutdown {
  private readonly logger = new Logger('AccessPolicy');
  /**
   * The digests (or read problems) refused since the file last held a usable text: seen again, each is refused
   * without another error line. The oldest is forgotten beyond MAX_REFUSED; emptied once the file is usable again.
   */
  private readonly refused = new Set<string>();
  /** A new digest (or read problem) read once, not yet acted on: acted on when the next read gives it again. */
  private candidate?: string;
  private settleTimer?: Timer;
  /** Checks run one after another: one asked for while another runs reads the file again after it. */
  private last: Promise<PolicyFileCheck> = Promise.resolve('unchanged');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly access: AccessPolicyService,
    @Inject(MetricsService) private readonly metrics: PolicyReloadRecorder,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  check(): Promise<PolicyFileCheck> {
    return this.enqueue(false);
  }

  /** Resolves once the checks asked for so far are done, with what the last one did (tests advance the clock, then wait on this). */
  async settled(): Promise<PolicyFileCheck | undefined> {
    return this.last.catch(() => undefined);
  }

  onApplicationShutdown(): void {
    this.settleTimer?.cancel();
    this.settleTimer = undefined;
  }

  private enqueue(reread: boolean): Promise<PolicyFileCheck> {
    const next = this.last.catch(() => 'unchanged' as const).then(() => this.checkOnce(reread));
    this.last = next;
    return next;
  }

  private async checkOnce(reread: boolean): Promise<PolicyFileCheck> {
    const file = this.config.access.policyFile;
    if (file === undefined) return 'unchanged';
    const read = await readPolicyFile(file);
    const seen = 'digest' in read ? read.digest : `unreadable: ${read.problem}`;
    if (seen === this.access.hubPolicyInForce.fileDigest) {
      this.candidate = undefined;
      this.refused.clear();
      this.metrics.policyFileChecked(true);
      return 'unchanged';
    }
    if (this.refused.has(seen)) {
      this.candidate = undefined;
      return 'kept';
    }
    if (seen !== this.candidate) {
      this.candidate = seen;
      // The re-read asks for no other: a file that keeps changing waits for the periodic checks.
      if (!reread) this.rereadSoon();
      return 'settling';
    }
    this.candidate = undefined;
    let policy;
    try {
      policy = loadHubPolicy(this.config.access, refuseEmpty(file, read));
    } catch (error) {
      if (!(error instanceof AccessPolicyError)) throw error;
      this.remember(seen);
      this.metrics.policyFileChecked(false);
      this.logger.error(`RBAC_POLICY_FILE ${file} changed and cannot be used; the policy in force is kept:\n  - ${error.violations.join('\n  - ')}`);
      return 'kept';
    }
    this.access.replaceHubPolicy(policy);
    this.refused.clear();
    this.metrics.policyFileChecked(true);
    this.logger.log(`Reloaded RBAC_POLICY_FILE ${file}: ${policy.rules.length} policy line(s) in force`);
    return 'reloaded';
  }

  private rereadSoon(): void {
    if (this.settleTimer) return;
    this.settleTimer = this.clock.schedule(POLICY_FILE_SETTLE_TIMER, POLICY_FILE_SETTLE_MS, () => {
      this.settleTimer = undefined;
      void this.enqueue(true).catch((error: unknown) => this.logger.error({ err: error }, `Could not re-read RBAC_POLICY_FILE ${this.config.access.policyFile}`));
    });
  }

  private remember(seen: string): void {
    if (this.refused.size >= MAX_REFUSED) this.refused.delete(this.refused.values().next().value!);
    this.refused.add(seen);
  }
}

/**
 * An empty file, read on a reload, is taken for one caught between being emptied and filled, never as "no more
 * lines" (that would put every line of the file out of force at once): it is refused as a read problem. To remove
 * every line on purpose, leave a comment in the file. At start-up there is no policy to keep, and it is accepted.
 */
function refuseEmpty(file: string, read: PolicyFileRead): PolicyFileRead {
  if (!('text' in read) || read.text.trim() !== '') return read;
  return { problem: `${file} is empty (taken for a file caught mid-write; to remove every line, leave a comment such as "# no lines")` };
}
