import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Clock } from '../clock/clock';
import type { ApplicationStatusRecord } from '../domain/application';
import { type MarkMove, NotificationOutboxRepository, type OutboxEventRow } from '../repositories/notification-outbox.repository';
import { type CompanionWrite, type FinishedSyncRun, type StateChange, type StateChangeObserver, StateChangeObservers, type Transaction } from '../repositories/state-changes';
import { clusterEventOf, MARK_EVENT, markChangesOf, newlyPending, rolloutEventOf, syncEventOf } from './event-decisions';
import { eventData, type EventSubject, type EventType } from './notification-events';

const NO_SUBJECT: EventSubject = { project: null, applicationSet: null, application: null, cluster: null };

/**
 * Turns state changes into outbox events inside the transaction that makes the change: the event exists exactly
 * when the change committed. Every event type is written whether or not anyone subscribes; fan-out decides later.
 */
@Injectable()
export class OutboxObserver implements StateChangeObserver, OnModuleInit {
  constructor(
    private readonly observers: StateChangeObservers,
    private readonly outbox: NotificationOutboxRepository,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.observers.register(this);
  }

  /** A status write announces something only when it may move a mark (Healthy or Degraded). */
  mayRecordStatus(status: ApplicationStatusRecord): boolean {
    return markChangesOf(status).length > 0;
  }

  /** A sync run's end is known before its statement runs: its event goes in that statement. */
  companionsOf(change: StateChange): CompanionWrite[] | undefined {
    if (change.kind !== 'sync-run-finished') return undefined;
    const event = this.syncRunEvent(change.run);
    return event ? [this.outbox.appendedWithChange(event)] : [];
  }

  async observe(tx: Transaction, change: StateChange): Promise<void> {
    switch (change.kind) {
      case 'sync-run-finished': {
        const event = this.syncRunEvent(change.run);
        if (event) await this.outbox.append(tx, event);
        return;
      }
      case 'application-status':
        await this.outbox.moveMarks(tx, this.markMoves(change));
        return;
      case 'cluster-connectivity': {
        const type = clusterEventOf(change.from, change.to);
        if (type) await this.append(tx, type, undefined, { ...NO_SUBJECT, cluster: change.cluster.name }, { server: change.cluster.server, labels: change.cluster.labels, message: change.message });
        return;
      }
      case 'rollout-events': {
        const relevant = change.events.filter((event) => rolloutEventOf(event.action));
        if (relevant.length === 0) return;
        const facts = await this.outbox.rolloutFacts(tx, change.rollout);
        const subject = { ...NO_SUBJECT, applicationSet: facts?.applicationSet ?? null };
        for (const event of relevant) await this.append(tx, rolloutEventOf(event.action)!, event.at, subject, { rollout: change.rollout, revision: facts?.revision ?? null, ...event.details });
        return;
      }
      case 'application-set-pending-deletions': {
        const added = newlyPending(change.before, change.after);
        if (added.length > 0) await this.append(tx, 'appset.deletions-pending', undefined, { ...NO_SUBJECT, applicationSet: change.applicationSet }, { pending: change.after, newlyPending: added });
        return;
      }
    }
  }

  /** Statuses written together: their marks move a batch per statement. */
  async observeMany(tx: Transaction, changes: readonly StateChange[]): Promise<void> {
    const moves: MarkMove[] = [];
    for (const change of changes) {
      if (change.kind === 'application-status') moves.push(...this.markMoves(change));
      else await this.observe(tx, change);
    }
    await this.outbox.moveMarks(tx, moves);
  }

  /** The marks a status write may move, each with the event due when it moves. */
  private markMoves({ application, status }: Extract<StateChange, { kind: 'application-status' }>): MarkMove[] {
    const subject = { project: application.project, applicationSet: application.applicationSet, application: application.name, cluster: application.cluster };
    const at = status.reconciledAt ? new Date(status.reconciledAt) : undefined;
    return markChangesOf(status).map((mark) => ({
      application: application.name,
      change: mark,
      event: this.event(MARK_EVENT[mark.mark], at, subject, { revision: status.sync.revision ?? null, health: status.health, repoURL: application.repoURL }),
    }));
  }

  private syncRunEvent(run: FinishedSyncRun): OutboxEventRow | undefined {
    const type = syncEventOf(run.phase);
    if (!type) return undefined;
    const subject = { project: run.project, applicationSet: run.applicationSet, application: run.application, cluster: run.cluster };
    return this.event(type, run.finishedAt, subject, { revision: run.revision, phase: run.phase, message: run.message, trigger: run.trigger, rollout: run.rollout, syncRunId: run.id, repoURL: run.repository });
  }

  private async append(tx: Transaction, type: EventType, at: Date | undefined, subject: EventSubject, extra: Record<string, unknown>): Promise<void> {
    await this.outbox.append(tx, this.event(type, at, subject, extra));
  }

  private event(type: EventType, at: Date | undefined, subject: EventSubject, extra: Record<string, unknown>): OutboxEventRow {
    return { type, occurredAt: at ?? this.clock.now(), ...subject, data: eventData(subject, extra) };
  }
}
