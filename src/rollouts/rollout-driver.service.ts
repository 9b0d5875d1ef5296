import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import type { ApplicationEntity } from '../database/entities/application.entity';
import { HUB_ACTOR } from '../domain/rollout';
import { ProjectsService } from '../projects/projects.service';
import { type AppProject, decideSyncWindows, type SyncWindowDecision } from '../projects/rules';
import { ApplicationRepository } from '../repositories/application.repository';
import { RolloutEventRepository } from '../repositories/rollout-event.repository';
import { RolloutStepRepository } from '../repositories/rollout-step.repository';
import { RolloutTargetRepository } from '../repositories/rollout-target.repository';
import { RolloutRepository } from '../repositories/rollout.repository';
import type { RolloutActions, TargetRecord } from './model';
import { nextStepActions } from './step-actions';

const NO_PROJECT: SyncWindowDecision = { allowed: true, reason: 'the project does not exist (the reconciler reports it)' };

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
    private readonly projects: ProjectsService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** Whether any rollout still moves. */
  async hasWork(): Promise<boolean> {
    return (await this.rollouts.listDriven()).length > 0;
  }

  /** One pass over every rollout still moving; returns how many changed. */
  async driveAll(): Promise<number> {
    const driven = await this.rollouts.listDriven();
    if (driven.length === 0) return 0;
    const projects = await this.projects.projectsByName();
    let changed = 0;
    for (const rollout of driven) if (await this.drive(rollout.id, projects)) changed++;
    return changed;
  }

  private async drive(id: string, projects: Map<string, AppProject>): Promise<boolean> {
    // Statuses are read before the transaction: the embedded database has one connection, which it holds.
    const names = (await this.targets.listOf(id)).map((target) => target.application);
    const apps = new Map((await this.applications.findByNames(names)).map((row) => [row.name, row]));
    return this.rollouts.transaction(async (manager) => {
      const rollout = await this.rollouts.lockById(manager, id);
      if (!rollout) return false;
      const now = this.clock.now();
      const actions = nextStepActions({
        rollout,
        steps: await this.steps.listOf(id, manager),
        targets: await this.targets.listOf(id, manager),
        apps: new Map([...apps].map(([name, row]) => [name, row.status])),
        now,
        windowFor: (target) => windowOf(target, apps.get(target.application), projects, now),
      });
      for (const change of actions.targets) await this.targets.transition(manager, change.id, change.from, change.patch);
      for (const change of actions.steps) await this.steps.transition(manager, id, change.index, change.from, change.patch);
      if (actions.rollout) await this.rollouts.transition(manager, id, actions.rollout.from, { ...actions.rollout.patch, updatedAt: now });
      await this.events.insertMany(manager, actions.events.map((event) => ({ rollout: id, at: now, action: event.action, actor: HUB_ACTOR, details: event.details })));
      return hasChanges(actions);
    });
  }
}

/** The project's sync windows for one application, as the reconciler would decide them for an automated sync. */
function windowOf(target: TargetRecord, app: ApplicationEntity | undefined, projects: Map<string, AppProject>, now: Date): SyncWindowDecision {
  const project = app && projects.get(app.project);
  if (!app || !project) return NO_PROJECT;
  const destination = app.manifest.spec.destination;
  return decideSyncWindows(project, { name: target.application, namespace: destination.namespace, cluster: { name: app.cluster, server: destination.server } }, now);
}

function hasChanges(actions: RolloutActions): boolean {
  return actions.rollout !== undefined || actions.steps.length > 0 || actions.targets.length > 0 || actions.events.length > 0;
}
