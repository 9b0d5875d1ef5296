import { effectiveProject } from '../domain/app-project';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ClusterEntity } from '../database/entities/cluster.entity';
import type { ApplicationEntity } from '../database/entities/application.entity';
import { applicationSources, type ApplicationStatusRecord, type OperationState, revisionKey } from '../domain/application';
import { ApplicationRepository } from '../repositories/application.repository';
import type { Application } from '../domain/application';
import { Clock } from '../clock/clock';
import { FleetEvents } from '../events/fleet-events';
import type { TargetState } from '../domain/rollout';
import { decideSyncWindows, type SyncWindowDecision, syncWindowTargetOf } from '../projects/rules';
import { HubIdentity } from '../scheduling/hub-identity';
import type { HeldShard } from '../repositories/shard-lease.repository';
import type { SyncResult } from '../sync';
import { type LatestTarget, RolloutTargetRepository } from '../repositories/rollout-target.repository';
import { type ApplicationTarget, ApplicationTargets } from './application-targets';
import { ComparisonTargets } from './comparison-targets';
import { textField } from './desired-state';
import { decideRolloutSync, type RolloutDirective } from './rollout-directive';
import { runSources, withRepeatedResources } from './multiple-sources';
import { ReconcileConfig, type ReconcileConfigReading } from './reconcile-config';
import { SyncRunRecorder } from './sync-run-recorder';
import { appInfoOf, statusChanged, statusFromComparison, withCondition, withoutCondition } from './application-status';
import { MetricsService } from '../metrics/metrics.service';
import { type AppInfoRecorder, type ReconcileRecorder, secondsSince, type SyncRecorder } from '../metrics/recorders';
import { decideAutomatedSync, nextRetry, type RetryPolicy, type SyncTriggerKind, withSyncWindowCondition } from './sync-decision';

/** Target states whose application the rollout waits on (its sync is due, under way or being rolled back). */
const WAITED_ON: ReadonlySet<TargetState> = new Set(['Pending', 'Progressing', 'RolledBack']);

export interface ManualSync {
  revision?: string;
  prune?: boolean;
  dryRun?: boolean;
  requestedBy: string;
}

/** What a caller asks of one reconcile beyond the periodic pass's defaults. */
export interface ReconcileRequest {
  manual?: ManualSync;
  /** Resolve the revision with a look-up begun after this `RevisionPoller.mark()`, not from the poll cache. */
  revisionsFreshSince?: number;
  /** Render the source again instead of using its cached render (Argo CD's hard refresh). */
  hard?: boolean;
  /** What was read with the application's row (ApplicationRepository.findForReconcile), saving the looks. */
  readWithRow?: ReadWithRow;
}

/**
 * What one pass reads once for all its applications: the projects, each repository's credentials, the sets whose
 * applications only fleet rollouts sync, and those applications' targets in their set's latest rollout.
 */
export interface PassInputs extends ReconcileConfigReading {
  rolloutTargets: Map<string, LatestTarget>;
}

/** What a reconcile read with its application's row, as of that read. */
export interface ReadWithRow {
  /** The destination's registered cluster; null when none has the name. */
  destination: Readonly<ClusterEntity> | null;
  /** It owned no hub object then, and can have been given none since (ApplicationRunner). */
  ownsNoHubObjects: boolean;
}

export interface ReconcileResult {
  status: ApplicationStatusRecord;
  synced?: SyncResult;
  /** False when the lease was lost mid-way: nothing was written. */
  written: boolean;
  /** Set when a sync was wanted and a sync window of the project kept it from starting. */
  blockedBySyncWindow?: SyncWindowDecision;
}

/**
 * One application's reconcile: read desired state (Git → render) and live state (cluster), compare, sync when
 * the policy says so, and record the outcome. Failures to read Git or the cluster change nothing in the cluster
 * and never prune; they only set a condition.
 */
@Injectable()
export class ApplicationSyncService {
  private readonly logger = new Logger('Reconcile');

  constructor(
    private readonly applications: ApplicationRepository,
    private readonly comparisonTargets: ComparisonTargets,
    private readonly rolloutTargets: RolloutTargetRepository,
    private readonly config: ReconcileConfig,
    private readonly history: SyncRunRecorder,
    private readonly identity: HubIdentity,
    @Inject(Clock) private readonly clock: Clock,
    private readonly events: FleetEvents,
    private readonly targets: ApplicationTargets,
    @Inject(MetricsService) private readonly metrics: SyncRecorder & ReconcileRecorder & AppInfoRecorder,
  ) {}

  /**
   * The shared inputs of a pass (or of one reconcile) over `rows`: the config as it stands, and the rollouts' targets.
   * `configGeneration`: the counter, read since the caller began (with its rows), when it has it.
   */
  async passInputs(rows: readonly ApplicationEntity[], configGeneration?: string): Promise<PassInputs> {
    const config = await this.config.current(configGeneration);
    const managed = rows.filter((row) => row.applicationSet !== null && config.rollingSyncSets.has(row.applicationSet)).map((row) => row.name);
    return { ...config, rolloutTargets: await this.rolloutTargets.latestFor(managed) };
  }

  async reconcile(row: ApplicationEntity, lease: HeldShard, inputs: PassInputs, request: ReconcileRequest = {}): Promise<ReconcileResult> {
    const started = process.hrtime.bigint();
    try {
      return await this.reconcileOnce(row, lease, inputs, request);
    } finally {
      this.metrics.applicationReconciled(secondsSince(started));
    }
  }

  private async reconcileOnce(row: ApplicationEntity, lease: HeldShard, inputs: PassInputs, request: ReconcileRequest): Promise<ReconcileResult> {
    const { manual } = request;
    const app = row.manifest;
    const now = this.clock.now().toISOString();
    const fail = (type: string, message: string) =>
      this.writeStatus(row, lease, { ...withCondition(row.status, { type, message, lastTransitionTime: now }), sync: { status: 'Unknown' }, health: { status: 'Unknown', message }, reconciledAt: now });
    // 1–3. The permitted sources rendered at the revision to compare with, and the destination cluster's API.
    const prepared = await this.comparisonTargets.prepare(row, inputs, request, lease);
    if (!prepared.ok) return fail(prepared.type, prepared.message);
    const { project, directive, policy, repeated, cluster, target } = prepared;
    const { revision: sha, revisions: shas } = prepared.at;
    const trackedKinds = [...(target.planOptions.extraKinds ?? [])];
    let comparison = await this.targets.compare(target);
    // 4. Sync when asked to, when the rollout says so, or else when the automated policy says so, if the project's
    //    sync windows allow it now.
    const outOfSync = comparison.sync.status === 'OutOfSync';
    const wanted: SyncTriggerKind | undefined = manual
      ? 'manual'
      : comparison.error
        ? undefined
        : directive.managed
          ? decideRolloutSync(directive, { outOfSync, status: row.status, retry: policy.retry, selfHeal: policy.automated?.selfHeal === true, now: this.clock.now() })
          : decideAutomatedSync({ automated: policy.automated, outOfSync, revision: revisionKey({ revision: sha, revisions: shas }), status: row.status, retry: policy.retry, now: this.clock.now() });
    // A dry run changes nothing in the cluster, so no window holds it back; the driver checked the windows of a
    // rollout step before it started, so the step's own syncs go ahead.
    const windowTarget = syncWindowTargetOf(row.name, app.spec.destination, { name: row.cluster, server: cluster?.server });
    const window = wanted && wanted !== 'rollout' && !manual?.dryRun ? decideSyncWindows(project, windowTarget, this.clock.now(), { manual: !!manual }) : undefined;
    let trigger = window?.allowed === false ? undefined : wanted;
    // A Pending target is taken before its sync starts; a pause or abort that came first means no sync.
    if (trigger === 'rollout' && directive.managed && directive.sync?.claim && !(await this.rolloutTargets.claim(directive.target!.id, this.clock.now()))) trigger = undefined;
    // The condition speaks of automated syncs; a manual request leaves it as it was.
    const previous = withRepeatedResources(manual ? row.status : withSyncWindowCondition(row.status, window, now), repeated, now);
    let status: ApplicationStatusRecord = { ...statusFromComparison(withoutCondition(previous, 'ComparisonError'), comparison, { revision: sha, revisions: shas }, now), trackedKinds };
    let synced: SyncResult | undefined;
    if (trigger && manual?.dryRun) {
      synced = await this.targets.sync(target);
      return { status, synced, written: false };
    }
    if (trigger) {
      const rollout = trigger !== 'manual' ? rolloutTargetOf(directive) : undefined;
      const outcome = await this.sync(row, app, lease, target, cluster?.labels ?? {}, { revision: sha, revisions: shas }, trigger, manual?.requestedBy ?? (trigger === 'rollout' ? rollout?.rollout : undefined), policy.retry, rollout);
      if (!outcome) return { status: row.status, written: false };
      synced = outcome.result;
      comparison = await this.targets.compareAfterSync(target);
      status = { ...statusFromComparison(status, comparison, { revision: sha, revisions: shas }, now), operationState: outcome.operation, retry: outcome.retry };
    }
    const result = await this.writeStatus(row, lease, status, synced);
    this.announce(row, directive, result);
    return window?.allowed === false ? { ...result, blockedBySyncWindow: window } : result;
  }

  private async sync(
    row: ApplicationEntity,
    app: Application,
    lease: HeldShard,
    target: ApplicationTarget,
    clusterLabels: Record<string, string>,
    at: { revision: string; revisions?: string[] },
    trigger: SyncTriggerKind,
    requestedBy: string | undefined,
    retryPolicy: RetryPolicy | undefined,
    rolloutTarget: LatestTarget | undefined,
  ): Promise<{ result: SyncResult; operation: OperationState; retry?: ApplicationStatusRecord['retry'] } | undefined> {
    const startedAt = this.clock.now();
    const sources = applicationSources(app.spec);
    const run = await this.history.start({
      application: row.name,
      applicationSet: row.applicationSet,
      cluster: row.cluster,
      project: effectiveProject(app.spec.project),
      repository: sources[0].repoURL,
      path: textField(sources[0].path),
      revision: at.revision,
      sources: at.revisions ? runSources(sources, at.revisions) : null,
      trigger,
      triggeredBy: requestedBy ?? null,
      rollout: rolloutTarget?.rollout ?? null,
      clusterLabels,
      shard: lease.shard,
      epoch: lease.epoch,
      startedAt,
    }, { ...lease, holder: this.identity.id });
    // The fence: a replica that lost this shard must not start writing to the cluster (nothing was recorded).
    if (!run) return undefined;
    // The target names its latest run: one that never completed is made again after a crash or takeover.
    if (rolloutTarget) await this.rolloutTargets.recordSyncRun(rolloutTarget.id, run.id);
    const applying = process.hrtime.bigint();
    const result = await this.targets.sync(target);
    const finishedAt = this.clock.now();
    // E's "Running" means later waves wait for earlier ones to be healthy; this attempt itself completed.
    const phase = result.phase === 'Running' ? 'Succeeded' : result.phase;
    this.metrics.syncFinished(phase, trigger, secondsSince(applying));
    await this.history.finish(run, phase, result.message, result.resources.map((r) => ({ group: r.group, kind: r.kind, namespace: r.namespace, name: r.name, action: r.action, message: r.message })), finishedAt);
    const failed = phase === 'Failed' || phase === 'Error';
    const attempts = failed ? (trigger === 'retry' ? (row.status.retry?.attempts ?? 0) + 1 : 1) : 0;
    const due = failed ? nextRetry(retryPolicy, attempts - 1, finishedAt) : undefined;
    if (failed) this.logger.warn(`Sync of ${row.name} ${phase}: ${result.message}`);
    return {
      result,
      operation: {
        phase,
        message: result.message,
        trigger,
        ...(requestedBy ? { triggeredBy: requestedBy } : {}),
        revision: at.revision,
        ...(at.revisions ? { revisions: at.revisions } : {}),
        syncRunId: run.id,
        startedAt: startedAt.toISOString(),
        finishedAt: finishedAt.toISOString(),
        retryable: result.error?.retryable,
      },
      retry: due ? { attempts, nextAttemptAt: due.toISOString(), revision: at.revision, ...(at.revisions ? { revisions: at.revisions } : {}) } : undefined,
    };
  }

  /**
   * Tells this replica what became of an application: a written status wakes the rollout driver (if one manages it and
   * this replica drives), and one whose workloads are still Progressing is looked at again soon (`SettlingFollowUps`),
   * so `Healthy` shows within a second or so of the cluster reaching it, not at the next pass. Under a rollout, only
   * the applications it waits on are followed.
   */
  private announce(row: ApplicationEntity, directive: RolloutDirective, result: ReconcileResult): void {
    const target = directive.managed ? directive.target : undefined;
    const followed = !directive.managed || (target !== undefined && WAITED_ON.has(target.state));
    const settling = followed && result.status.health.status === 'Progressing';
    this.events.emit({ kind: 'application-reconciled', name: row.name, cluster: row.cluster, changed: result.written, rollout: target !== undefined, settling });
  }

  /** Writes only what changed (user need: a steady fleet costs no writes), and only under a current lease. */
  private async writeStatus(row: ApplicationEntity, lease: HeldShard, status: ApplicationStatusRecord, synced?: SyncResult): Promise<ReconcileResult> {
    if (!statusChanged(row.status, status, this.clock.now().getTime())) return { status: row.status, synced, written: false };
    const written = await this.applications.updateStatusFenced(row.name, status, { ...lease, holder: this.identity.id });
    if (written) this.metrics.applicationChanged(appInfoOf(row, status));
    return { status, synced, written };
  }
}

/** The rollout target a sync (other than a manual one) of a rollout-managed application is made for. */
function rolloutTargetOf(directive: RolloutDirective): LatestTarget | undefined {
  return directive.managed ? directive.target : undefined;
}
