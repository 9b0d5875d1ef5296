import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { DomainError, notFound } from '../common/errors/domain-error';
import { invalidCursor, keyAfter, type Page, toPage, visibleRows } from '../common/http/pagination';
import type { ApplicationSetEntity } from '../database/entities/application-set.entity';
import type { RolloutEntity } from '../database/entities/rollout.entity';
import type { RolloutState } from '../domain/rollout';
import { ApplicationSetRepository } from '../repositories/application-set.repository';
import { RolloutEventRepository } from '../repositories/rollout-event.repository';
import { RolloutStepRepository } from '../repositories/rollout-step.repository';
import { RolloutTargetRepository } from '../repositories/rollout-target.repository';
import { RolloutRepository } from '../repositories/rollout.repository';
import { controlTransition, type RolloutControl } from './controls';
import { emptyCounts, type RolloutSummaryView, type RolloutView, toRolloutView, toSummary } from './rollout.view';
import { type SetRolloutStatus, setRolloutStatus } from './set-rollout-status';
import { rollingSyncOf } from './strategy';

export interface RolloutQuery {
  applicationSet?: string;
  state?: RolloutState;
  limit: number;
  cursor?: string;
}

/** Reads rollouts, and the operator's controls on them (each recorded with who and when). */
@Injectable()
export class RolloutsService {
  constructor(
    private readonly rollouts: RolloutRepository,
    private readonly steps: RolloutStepRepository,
    private readonly targets: RolloutTargetRepository,
    private readonly events: RolloutEventRepository,
    private readonly sets: ApplicationSetRepository,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** Newest first. */
  /**
   * Newest first. `visible` says, from a rollout's `<project of its set>/<set>` (`*` for a set deleted since),
   * whether the caller may see it; none: every one.
   */
  async list(query: RolloutQuery, visible?: (object: string) => boolean): Promise<Page<RolloutSummaryView>> {
    const before = keyAfter(query.cursor, 1)?.[0];
    if (before !== undefined && !/^\d{1,19}$/.test(before)) throw invalidCursor();
    const filter = { applicationSet: query.applicationSet, state: query.state };
    const rows = await visibleRows<RolloutEntity>(
      query.limit,
      (after, count) => this.rollouts.list(filter, count, after ? after.sequence : before),
      visible && (async (chunk) => {
        const projects = await this.sets.templateProjectsOf([...new Set(chunk.map((row) => row.applicationSet))]);
        return chunk.filter((row) => visible(`${projects.get(row.applicationSet) ?? '*'}/${row.applicationSet}`));
      }),
    );
    const counts = new Map(rows.map((row) => [row.id, emptyCounts()]));
    for (const { rollout, state, count } of await this.targets.countsByState(rows.map((row) => row.id))) counts.get(rollout)![state] = count;
    return toPage(rows, query.limit, (row) => [row.sequence], (row) => toSummary(row, counts.get(row.id)!));
  }

  async get(id: string): Promise<RolloutView> {
    const rollout = await this.rollouts.findById(id);
    if (!rollout) throw notFound('Rollout', id);
    const [steps, targets, events] = await Promise.all([this.steps.listOf(id), this.targets.listOf(id), this.events.listOf(id)]);
    return toRolloutView(rollout, steps, targets, events);
  }

  /**
   * Pause (no new syncs start; those under way finish), resume, abort (final; nothing is undone) or approve (the
   * step waiting for it starts at the next driver pass). A control the rollout's state does not allow is a 409.
   */
  async control(id: string, control: RolloutControl, actor: string): Promise<RolloutView> {
    await this.rollouts.transaction(async (manager) => {
      const rollout = await this.rollouts.lockById(manager, id);
      if (!rollout) throw notFound('Rollout', id);
      const decision = controlTransition(rollout.state, control);
      if (!decision.allowed) throw new DomainError('Conflict', decision.message, [{ field: 'state', reason: rollout.state }]);
      const now = this.clock.now();
      const details: Record<string, unknown> = {};
      if (control === 'approve') {
        const waiting = (await this.steps.listOf(id, manager)).find((step) => step.state === 'WaitingForApproval');
        if (waiting) {
          await this.steps.transition(manager, id, waiting.index, 'WaitingForApproval', { state: 'Waiting', message: null, approvedBy: actor, approvedAt: now });
          details.step = waiting.index + 1;
        }
      }
      if (control === 'resume') await this.targets.restartPendingClocks(manager, id, now);
      if (control === 'abort') await this.targets.unstartPending(manager, id, 'not started: the rollout was aborted', now);
      await this.rollouts.transition(manager, id, rollout.state, { state: decision.to, reason: reasonAfter(control, actor), updatedAt: now, ...(decision.to === 'Aborted' ? { finishedAt: now } : {}) });
      await this.events.insertMany(manager, [{ rollout: id, at: now, action: decision.action, actor, details }]);
    });
    return this.get(id);
  }

  /** The latest rollout's status of each RollingSync set among `sets`, by set name (composed when a set is read). */
  async statusOfSets(sets: readonly ApplicationSetEntity[]): Promise<Map<string, SetRolloutStatus>> {
    const rolling = sets.filter((set) => rollingSyncOf(set.manifest)).map((set) => set.name);
    const latest: RolloutEntity[] = await this.rollouts.latestOfSets(rolling);
    const targets = await this.targets.listOfMany(latest.map((rollout) => rollout.id));
    return new Map(latest.map((rollout) => [rollout.applicationSet, setRolloutStatus(rollout, targets.filter((target) => target.rollout === rollout.id))]));
  }
}

function reasonAfter(control: RolloutControl, actor: string): string | null {
  if (control === 'pause') return `paused by ${actor}`;
  if (control === 'abort') return `aborted by ${actor}`;
  return null;
}
