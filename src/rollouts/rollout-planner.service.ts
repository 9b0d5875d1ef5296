import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { stableStringify } from '../common/json';
import type { ApplicationSetEntity } from '../database/entities/application-set.entity';
import { HUB_ACTOR, SUPERSEDABLE_STATES } from '../domain/rollout';
import { hasMultipleSources } from '../domain/application';
import { type GitCredentials, GitError } from '../git';
import { GitRemotesService } from '../git-remotes/git-remotes.service';
import { MetricsService } from '../metrics/metrics.service';
import type { RolloutInfoRecorder } from '../metrics/recorders';
import { DesiredStates } from '../reconcile/desired-state';
import { type KubernetesObject, RenderError } from '../rendering';
import { ApplicationSetRepository } from '../repositories/application-set.repository';
import { ApplicationRepository } from '../repositories/application.repository';
import { RolloutEventRepository } from '../repositories/rollout-event.repository';
import { RolloutStepRepository } from '../repositories/rollout-step.repository';
import { RolloutTargetRepository } from '../repositories/rollout-target.repository';
import { RolloutRepository } from '../repositories/rollout.repository';
import { commonRevision, type DesiredApplication, type FrozenTarget, needsNewRollout, planTargets } from './rollout-plan';
import { isActive } from './controls';
import { type RollingSyncPlan, rollingSyncOf } from './strategy';

/**
 * Creates a rollout whenever the desired state of a RollingSync set's applications changes: each application's
 * target revision is resolved to a commit and rendered (through the poll and render caches the reconciler uses),
 * and when any (commit, digest) differs from what the set's latest rollout froze, a new rollout freezes them all
 * and supersedes the latest one if it is still going or halted. Nothing of a rollout is edited afterwards.
 */
@Injectable()
export class RolloutPlanner {
  private readonly logger = new Logger('Rollouts');
  /**
   * The last planning failure reported per set, so a Git outage is logged once, not on every pass. Only sets with a
   * RollingSync strategy now are kept (see `forgetReportsOfOtherSets`): one deleted while failing would stay forever.
   */
  private readonly reported = new Map<string, string>();
  /** Digests of cached renders: the render cache hands out one frozen array per render, hashed once. */
  private readonly renderDigests = new WeakMap<readonly KubernetesObject[], string>();

  constructor(
    private readonly sets: ApplicationSetRepository,
    private readonly applications: ApplicationRepository,
    private readonly rollouts: RolloutRepository,
    private readonly steps: RolloutStepRepository,
    private readonly targets: RolloutTargetRepository,
    private readonly events: RolloutEventRepository,
    private readonly desired: DesiredStates,
    private readonly repositories: GitRemotesService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(MetricsService) private readonly metrics: RolloutInfoRecorder,
  ) {}

  /** Whether any set has a RollingSync strategy. */
  async hasWork(): Promise<boolean> {
    const names = await this.sets.rollingSyncNames();
    // Asked by every replica's pass, the one planning or not, and also when nothing is left to plan: what is kept
    // of sets deleted (or no longer RollingSync) goes here, on every replica, including `flotilla_rollout_info`.
    this.forgetReportsOfOtherSets(names);
    this.metrics.keepRolloutsOf(names);
    return names.size > 0;
  }

  /** Plans every RollingSync set; returns the ids of the rollouts it created. */
  async planAll(): Promise<string[]> {
    const credentialsFor = this.repositories.credentialsOncePerRepository();
    const created: string[] = [];
    const sets = await this.sets.listRollingSync();
    const rollingSets = new Set(sets.filter((set) => rollingSyncOf(set.manifest)).map((set) => set.name));
    this.forgetReportsOfOtherSets(rollingSets);
    await this.retireRolloutsOfOtherSets(rollingSets);
    for (const set of sets) {
      const plan = rollingSyncOf(set.manifest);
      if (!plan) continue;
      try {
        const id = await this.planSet(set, plan, credentialsFor);
        if (id) created.push(id);
        this.reported.delete(set.name);
      } catch (error) {
        // Git or a render failed for one of its applications: no partial rollout; the next pass tries again.
        if (!(error instanceof GitError || error instanceof RenderError || error instanceof PlanningError)) throw error;
        if (this.reported.get(set.name) !== error.message) this.logger.warn(`ApplicationSet ${set.name}: no rollout planned: ${error.message}`);
        this.reported.set(set.name, error.message);
      }
    }
    return created;
  }

  private async planSet(set: ApplicationSetEntity, plan: RollingSyncPlan, credentialsFor: (repoURL: string) => Promise<GitCredentials | undefined>): Promise<string | undefined> {
    const desired: DesiredApplication[] = [];
    for (const row of await this.applications.listOfSet(set.name)) {
      // A rollout freezes one commit per application; with several sources there is one per source.
      if (hasMultipleSources(row.manifest.spec)) throw new PlanningError(`${row.name}: a rolling sync of an application with spec.sources is not supported yet`);
      const state = await this.desired.read(row.name, row.manifest, undefined, credentialsFor);
      desired.push({ name: row.name, cluster: row.cluster, labels: row.labels, revision: state.sha, digest: this.digestOf(state.objects, row.fingerprint), fingerprint: row.fingerprint, status: row.status });
    }
    const latest = await this.rollouts.latestOfSet(set.name);
    const frozen: FrozenTarget[] | undefined = latest ? await this.targets.listOf(latest.id) : undefined;
    if (!needsNewRollout(frozen, desired)) return undefined;
    return this.rollouts.transaction(async (manager) => {
      // Planners of two replicas take turns on the set's row; the second finds the rollout the first created.
      if (!(await this.sets.lockByName(manager, set.name))) return undefined;
      if ((await this.rollouts.latestOfSet(set.name, manager))?.id !== latest?.id) return undefined;
      const now = this.clock.now();
      const id = randomUUID();
      if (latest && SUPERSEDABLE_STATES.includes(latest.state)) {
        await this.rollouts.transition(manager, latest.id, latest.state, { state: 'Superseded', supersededBy: id, reason: `superseded by rollout ${id}`, finishedAt: now, updatedAt: now });
        await this.events.insertMany(manager, [{ rollout: latest.id, at: now, action: 'Superseded', actor: HUB_ACTOR, details: { by: id } }]);
      }
      const revision = commonRevision(desired);
      await this.rollouts.insert(manager, { id, applicationSet: set.name, setGeneration: set.generation, state: 'Progressing', reason: null, onFailure: plan.onFailure, revision, createdAt: now, updatedAt: now });
      await this.steps.insertMany(
        manager,
        plan.steps.map((settings, index) => ({ rollout: id, index, settings, state: 'Waiting', message: null, startedAt: null, healthySince: null, completedAt: null, approvedBy: null, approvedAt: null })),
      );
      const planned = planTargets(desired, plan.steps, frozen);
      await this.targets.insertMany(
        manager,
        planned.map((target) => ({ rollout: id, ...target, state: 'Waiting', syncRun: null, eligibleAt: null, healthySince: null, lastTransitionAt: now })),
      );
      const details = { revision, generation: set.generation, applications: planned.length, ...(latest ? { supersedes: latest.id } : {}) };
      await this.events.insertMany(manager, [{ rollout: id, at: now, action: 'Created', actor: HUB_ACTOR, details }]);
      this.logger.log(`ApplicationSet ${set.name}: rollout ${id} of ${planned.length} application(s) to ${revision ?? 'several revisions'}`);
      return id;
    });
  }

  /** Reports of sets deleted, or no longer RollingSync, since: a set back under that name is reported afresh. */
  private forgetReportsOfOtherSets(rollingSets: ReadonlySet<string>): void {
    for (const name of this.reported.keys()) if (!rollingSets.has(name)) this.reported.delete(name);
  }

  /**
   * A rollout whose set was deleted, or no longer has a RollingSync strategy, ends: its applications are no longer
   * the rollout's to sync (orphans, or their own sync policy applies again).
   */
  private async retireRolloutsOfOtherSets(rollingSets: Set<string>): Promise<void> {
    for (const rollout of await this.rollouts.listDriven()) {
      if (rollingSets.has(rollout.applicationSet) || !isActive(rollout.state)) continue;
      await this.rollouts.transaction(async (manager) => {
        const now = this.clock.now();
        const reason = `ApplicationSet ${rollout.applicationSet} no longer exists or no longer has a RollingSync strategy`;
        if (!(await this.rollouts.transition(manager, rollout.id, rollout.state, { state: 'Aborted', reason, finishedAt: now, updatedAt: now }))) return;
        await this.targets.unstartPending(manager, rollout.id, 'not started: the rollout ended', now);
        await this.events.insertMany(manager, [{ rollout: rollout.id, at: now, action: 'Aborted', actor: HUB_ACTOR, details: { reason } }]);
      });
    }
  }

  /**
   * The rendered objects and the Application's own fingerprint: a template change that renders the same objects (a
   * new destination, a sync option) is still a change to roll out.
   */
  private digestOf(objects: readonly KubernetesObject[], fingerprint: string): string {
    let rendered = this.renderDigests.get(objects);
    if (!rendered) {
      rendered = sha256(stableStringify(objects));
      this.renderDigests.set(objects, rendered);
    }
    return sha256(`${rendered}:${fingerprint}`);
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

/** A set whose applications cannot be frozen as they are (the message says why). */
class PlanningError extends Error {}
