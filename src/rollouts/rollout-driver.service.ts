import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import type { ApplicationEntity } from '../database/entities/application.entity';
import { HUB_ACTOR, type TargetState } from '../domain/rollout';
import { FleetEvents } from '../events/fleet-events';
import { ProjectsService } from '../projects/projects.service';
import { type AppProject, decideSyncWindows, type SyncWindowDecision, syncWindowTargetOf } from '../projects/rules';
import { ApplicationRepository } from '../repositories/application.repository';
import { RolloutEventRepository } from '../repositories/rollout-event.repository';
import { RolloutStepRepository } from '../repositories/rollout-step.repository';
import { RolloutTargetRepository } from '../repositories/rollout-target.repository';
import { RolloutRepository } from '../repositories/rollout.repository';
import type { RolloutActions, TargetRecord } from './model';
import { nextDueAt } from './next-due';
import { nextStepActions } from './step-actions';
import { ClusterRepository } from '../repositories/cluster.repository';
import { MetricsService } from '../metrics/metrics.service';
import type { RolloutInfoRecorder } from '../metrics/recorders';

const NO_PROJECT: SyncWindowDecision = { allowed: true, reason: 'the project does not exist (the reconciler reports it)' };
/** Target states that ask the shard owner for a sync: the rollout's own, or a rollback's. */
const SYNC_DUE: ReadonlySet<TargetState> = new Set(['Pending', 'RolledBack']);

export interface DrivePass {
  /** Rollouts that changed. */
  changed: number;
  /** The earliest moment time alone moves a rollout on (a bake ends, a progress deadline passes), if any. */
  nextDueAt?: Date;
}

interface Driven {
  changed: boolean;
  dueAt?: number;
}

/**
 * Moves every rollout on from what the database says now (reconcile, don't react): reads the rollout, its steps,
 * its targets and their applications' statuses, asks the pure state machine what changes, and writes those
 * changes in one transaction that holds the rollout's row, each applied only if its row has not moved meanwhile.
 */
@Injectable()
export class RolloutDriver {
  constructor(
    private readonly rollouts: RolloutRepository,
    private readonly steps: RolloutStepRepository,
    private readonly targets: RolloutTargetRepository,
    private readonly events: RolloutEventRepository,
    private readonly applications: ApplicationRepository,
    private readonly clusters: ClusterRepository,
    private readonly projects: ProjectsService,
    private readonly fleetEvents: FleetEvents,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(MetricsService) private readonly metrics: RolloutInfoRecorder,
  ) {}

  /** Whether any rollout still moves. */
  async hasWork(): Promise<boolean> {
    return (await this.rollouts.listDriven()).length > 0;
  }

  /** One pass over every rollout still moving. */
  async driveAll(): Promise<DrivePass> {
    const driven = await this.rollouts.listDriven();
    if (driven.length === 0) return { changed: 0 };
    const windows: WindowInputs = { projects: await this.projects.projectsByName(), servers: await this.clusterServers() };
    let changed = 0;
    let dueAt = Infinity;
    for (const rollout of driven) {
      const outcome = await this.drive(rollout.id, windows);
      if (outcome.changed) changed++;
      dueAt = Math.min(dueAt, outcome.dueAt ?? Infinity);
    }
    return { changed, ...(Number.isFinite(dueAt) ? { nextDueAt: new Date(dueAt) } : {}) };
  }

  private async clusterServers(): Promise<Map<string, string>> {
    return new Map((await this.clusters.listGeneratorFacts()).map((cluster) => [cluster.name, cluster.server]));
  }

  private async drive(id: string, windows: WindowInputs): Promise<Driven> {
    // Statuses are read before the transaction: the embedded database has one connection, which it holds.
    const names = (await this.targets.listOf(id)).map((target) => target.application);
    const apps = new Map((await this.applications.findByNames(names)).map((row) => [row.name, row]));
    let syncDue: TargetRecord[] = [];
    let latest: { applicationSet: string; state: string } | undefined;
    const driven = await this.rollouts.transaction(async (manager): Promise<Driven> => {
      const rollout = await this.rollouts.lockById(manager, id);
      if (!rollout) return { changed: false };
      const now = this.clock.now();
      const steps = await this.steps.listOf(id, manager);
      const targets = await this.targets.listOf(id, manager);
      const actions = nextStepActions({
        rollout,
        steps,
        targets,
        apps: new Map([...apps].map(([name, row]) => [name, row.status])),
        now,
        windowFor: (target) => windowOf(target, apps.get(target.application), windows, now),
      });
      const moved = new Set<string>();
      for (const change of actions.targets) if ((await this.targets.transition(manager, change.id, change.from, change.patch)) && change.patch.state && SYNC_DUE.has(change.patch.state)) moved.add(change.id);
      for (const change of actions.steps) await this.steps.transition(manager, id, change.index, change.from, change.patch);
      if (actions.rollout) await this.rollouts.transition(manager, id, actions.rollout.from, { ...actions.rollout.patch, updatedAt: now });
      latest = { applicationSet: rollout.applicationSet, state: actions.rollout?.patch.state ?? rollout.state };
      await this.events.insertMany(manager, actions.events.map((event) => ({ rollout: id, at: now, action: event.action, actor: HUB_ACTOR, details: event.details })));
      syncDue = targets.filter((target) => moved.has(target.id));
      return { changed: hasChanges(actions), dueAt: nextDueAt(steps, targets, actions) };
    });
    // Only once committed: the metrics and the shard owners see what the transaction wrote.
    if (latest) this.metrics.rolloutState(latest.applicationSet, latest.state);
    if (syncDue.length > 0) this.fleetEvents.emit({ kind: 'rollout-targets', applications: syncDue.map((target) => ({ name: target.application, cluster: target.cluster })) });
    return driven;
  }
}

/** The project's sync windows for one application, as the reconciler would decide them for an automated sync. */
/** What a step's sync windows are decided on, read once a pass: the projects, and the registered clusters' servers. */
interface WindowInputs {
  projects: Map<string, AppProject>;
  servers: Map<string, string>;
}

function windowOf(target: TargetRecord, app: ApplicationEntity | undefined, { projects, servers }: WindowInputs, now: Date): SyncWindowDecision {
  const project = app && projects.get(app.project);
  if (!app || !project) return NO_PROJECT;
  // The same target the reconciler decides an application's own syncs on, so the two never disagree.
  return decideSyncWindows(project, syncWindowTargetOf(target.application, app.manifest.spec.destination, { name: app.cluster, server: servers.get(app.cluster) }), now);
}

function hasChanges(actions: RolloutActions): boolean {
  return actions.rollout !== undefined || actions.steps.length > 0 || actions.targets.length > 0 || actions.events.length > 0;
}
