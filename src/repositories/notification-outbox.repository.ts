import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { type CompanionWrite, withCompanions } from './state-changes';
import { lockOrderedRounds } from './lock-order';

const INSERT_EVENT = 'INSERT INTO notification_events (id, type, occurred_at, project, application_set, application, cluster, data)';

export interface OutboxEventRow {
  type: string;
  occurredAt: Date;
  project: string | null;
  applicationSet: string | null;
  application: string | null;
  cluster: string | null;
  data: Record<string, unknown>;
}

export interface StoredOutboxEvent extends OutboxEventRow {
  seq: string;
  id: string;
}

export type ApplicationMark = { mark: 'deployed'; revision: string } | { mark: 'degraded' } | { mark: 'recovered' };

/** A mark an application's status may move, with the event due when it does. */
export interface MarkMove {
  application: string;
  change: ApplicationMark;
  event: OutboxEventRow;
}

interface EventRow {
  seq: string;
  id: string;
  type: string;
  occurred_at: Date | string;
  project: string | null;
  application_set: string | null;
  application: string | null;
  cluster: string | null;
  data: Record<string, unknown>;
}

/** The notifications outbox: events written inside the transaction of the change they report. */
@Injectable()
export class NotificationOutboxRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Removes the events fanned out before `cutoff` that no delivery still waits on (their deliveries, delivered or
   * dead, go with them); returns how many events went. A pending delivery keeps its event, however old.
   */
  async deleteSettledBefore(cutoff: Date): Promise<number> {
    const rows: unknown[] = await this.dataSource.query(
      `WITH gone AS (
         DELETE FROM notification_events e WHERE e.dispatched_at < $1
           AND NOT EXISTS (SELECT 1 FROM notification_deliveries d WHERE d.event_seq = e.seq AND d.state = 'pending')
         RETURNING seq)
       SELECT seq FROM gone`,
      [cutoff],
    );
    return rows.length;
  }

  async append(manager: EntityManager, event: OutboxEventRow): Promise<void> {
    await manager.query(`${INSERT_EVENT} VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)`, eventValues(event));
  }

  /** The event as a companion of the change's statement: appended once for each row the change wrote, or not at all. */
  appendedWithChange(event: OutboxEventRow): CompanionWrite {
    return {
      sql: (changed) => `${INSERT_EVENT} SELECT $1::uuid, $2::text, $3::timestamptz, $4::text, $5::text, $6::text, $7::text, $8::jsonb FROM ${changed}`,
      parameters: eventValues(event),
    };
  }

  /**
   * Moves per-application marks that are not there yet and, for each that moved, appends the event it is due: each
   * move a conditional upsert under the row's lock (so two writers of one application never both see the move)
   * feeding its event's insert, the moves of many applications in one statement. One application's moves go in
   * order, a statement each (they touch the same row); the applications in the order of their names, so two
   * writers lock their rows alike.
   */
  async moveMarks(manager: EntityManager, moves: readonly MarkMove[]): Promise<void> {
    for (const round of lockOrderedRounds(moves, (move) => move.application)) {
      const statement = withCompanions(
        round.map((move) => ({ change: markMove(move.application, move.change), companions: [this.appendedWithChange(move.event)] })),
        (changed) => `SELECT application FROM ${changed}`,
      );
      await manager.query(statement.sql, statement.parameters);
    }
  }

  /** The set and revision a rollout event speaks of, read in the transaction that writes the event. */
  async rolloutFacts(manager: EntityManager, rollout: string): Promise<{ applicationSet: string; revision: string | null } | null> {
    const rows: { application_set: string; revision: string | null }[] = await manager.query(`SELECT application_set, revision FROM rollouts WHERE id = $1`, [rollout]);
    return rows[0] ? { applicationSet: rows[0].application_set, revision: rows[0].revision } : null;
  }

  /** Locks up to `limit` events not yet fanned out (others' locked ones skipped) and hands them to `work` in one transaction. */
  async dispatchBatch(limit: number, at: Date, work: (manager: EntityManager, events: StoredOutboxEvent[]) => Promise<void>): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows: EventRow[] = await manager.query(
        `SELECT seq, id, type, occurred_at, project, application_set, application, cluster, data FROM notification_events
         WHERE dispatched_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      if (rows.length === 0) return 0;
      const events = rows.map(toEvent);
      await work(manager, events);
      await manager.query(`UPDATE notification_events SET dispatched_at = $2 WHERE seq = ANY($1::bigint[])`, [events.map((event) => event.seq), at]);
      return events.length;
    });
  }

  async findBySeq(seq: string): Promise<StoredOutboxEvent | null> {
    const rows: EventRow[] = await this.dataSource.query(`SELECT seq, id, type, occurred_at, project, application_set, application, cluster, data FROM notification_events WHERE seq = $1`, [seq]);
    return rows[0] ? toEvent(rows[0]) : null;
  }
}

function eventValues(event: OutboxEventRow): unknown[] {
  return [randomUUID(), event.type, event.occurredAt, event.project, event.applicationSet, event.application, event.cluster, JSON.stringify(event.data)];
}

/** The mark's conditional move, returning a row when it moved; its parameters come first ($1 the application). */
function markMove(application: string, change: ApplicationMark): { sql: string; parameters: unknown[] } {
  if (change.mark === 'deployed') {
    return {
      sql: `INSERT INTO notification_application_marks (application, deployed_revision) VALUES ($1, $2)
            ON CONFLICT (application) DO UPDATE SET deployed_revision = EXCLUDED.deployed_revision
            WHERE notification_application_marks.deployed_revision IS DISTINCT FROM EXCLUDED.deployed_revision
            RETURNING application`,
      parameters: [application, change.revision],
    };
  }
  if (change.mark === 'degraded') {
    return {
      sql: `INSERT INTO notification_application_marks (application, degraded) VALUES ($1, true)
            ON CONFLICT (application) DO UPDATE SET degraded = true WHERE notification_application_marks.degraded = false
            RETURNING application`,
      parameters: [application],
    };
  }
  return { sql: `UPDATE notification_application_marks SET degraded = false WHERE application = $1 AND degraded RETURNING application`, parameters: [application] };
}

function toEvent(row: EventRow): StoredOutboxEvent {
  return {
    seq: String(row.seq),
    id: row.id,
    type: row.type,
    occurredAt: new Date(row.occurred_at),
    project: row.project,
    applicationSet: row.application_set,
    application: row.application,
    cluster: row.cluster,
    data: row.data,
  };
}
