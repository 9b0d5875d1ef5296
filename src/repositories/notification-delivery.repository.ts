import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

export type DeliveryState = 'pending' | 'delivered' | 'dead';

export interface DeliveryRow {
  /** The idempotency key: one per (event, subscription), the same on every attempt. */
  id: string;
  eventSeq: string;
  subscriptionId: string;
  subscription: string;
  eventId: string;
  eventType: string;
  state: DeliveryState;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: Date;
  nextAttemptAt: Date | null;
  lastAttemptAt: Date | null;
  deliveredAt: Date | null;
}

/** What one attempt came to: delivered, to be retried at `nextAttemptAt`, or given up (`dead`). */
export interface AttemptOutcome {
  state: DeliveryState;
  statusCode: number | null;
  error: string | null;
  at: Date;
  nextAttemptAt: Date | null;
}

const SELECT = `SELECT d.id, d.event_seq, d.subscription_id, s.name AS subscription, e.id AS event_id, e.type AS event_type, d.state, d.attempts,
  d.last_status_code, d.last_error, d.created_at, d.next_attempt_at, d.last_attempt_at, d.delivered_at
  FROM notification_deliveries d JOIN notification_subscriptions s ON s.id = d.subscription_id JOIN notification_events e ON e.seq = d.event_seq`;

@Injectable()
export class NotificationDeliveryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One row per (event, subscription): a second fan-out of the same pair adds nothing. */
  async enqueue(manager: EntityManager, eventSeq: string, subscriptionIds: readonly string[], at: Date): Promise<void> {
    for (const subscriptionId of subscriptionIds) {
      await manager.query(
        `INSERT INTO notification_deliveries (id, event_seq, subscription_id, state, created_at, next_attempt_at) VALUES ($1, $2, $3, 'pending', $4, $4)
         ON CONFLICT (event_seq, subscription_id) DO NOTHING`,
        [randomUUID(), eventSeq, subscriptionId, at],
      );
    }
  }

  /**
   * Claims up to `limit` due deliveries for `holder` until `claimUntil`. The rows are locked only for this short
   * transaction (SKIP LOCKED: two replicas never claim one row); the claim itself keeps them from other replicas
   * while the send runs outside any transaction, and expires if this replica dies, so another one retries.
   */
  async claimDue(holder: string, now: Date, claimUntil: Date, limit: number): Promise<DeliveryRow[]> {
    return this.dataSource.transaction(async (manager) => {
      const ids: { id: string }[] = await manager.query(
        `SELECT id FROM notification_deliveries
         WHERE state = 'pending' AND next_attempt_at <= $1 AND (claimed_until IS NULL OR claimed_until < $1)
         ORDER BY next_attempt_at, event_seq LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [now, limit],
      );
      if (ids.length === 0) return [];
      await manager.query(`UPDATE notification_deliveries SET claimed_by = $2, claimed_until = $3 WHERE id = ANY($1::uuid[])`, [ids.map((row) => row.id), holder, claimUntil]);
      const rows: Record<string, unknown>[] = await manager.query(`${SELECT} WHERE d.id = ANY($1::uuid[]) ORDER BY d.next_attempt_at, d.event_seq`, [ids.map((row) => row.id)]);
      return rows.map(toDelivery);
    });
  }

  /** Records an attempt, only while `holder`'s claim stands: a replica whose claim expired records nothing. */
  async recordAttempt(id: string, holder: string, outcome: AttemptOutcome): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `WITH recorded AS (UPDATE notification_deliveries SET state = $3::text, attempts = attempts + 1, last_status_code = $4::int, last_error = $5::text, last_attempt_at = $6::timestamptz,
         next_attempt_at = $7::timestamptz, delivered_at = CASE WHEN $3::text = 'delivered' THEN $6::timestamptz ELSE NULL END, claimed_by = NULL, claimed_until = NULL
       WHERE id = $1 AND claimed_by = $2 AND state = 'pending' RETURNING id) SELECT id FROM recorded`,
      [id, holder, outcome.state, outcome.statusCode, outcome.error, outcome.at, outcome.nextAttemptAt],
    );
    return rows.length > 0;
  }

  /** Gives back claims this replica holds but will not use (it is shutting down): due again at once elsewhere. */
  async releaseClaims(holder: string): Promise<void> {
    await this.dataSource.query(`UPDATE notification_deliveries SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = $1 AND state = 'pending'`, [holder]);
  }

  async list(filter: { subscription?: string; state?: DeliveryState }, limit: number): Promise<DeliveryRow[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `${SELECT} WHERE ($1::text IS NULL OR s.name = $1) AND ($2::text IS NULL OR d.state = $2) ORDER BY d.created_at DESC, d.id LIMIT $3`,
      [filter.subscription ?? null, filter.state ?? null, limit],
    );
    return rows.map(toDelivery);
  }
}

function toDelivery(row: Record<string, unknown>): DeliveryRow {
  const date = (value: unknown) => (value === null || value === undefined ? null : new Date(value as string));
  return {
    id: row.id as string,
    eventSeq: String(row.event_seq),
    subscriptionId: row.subscription_id as string,
    subscription: row.subscription as string,
    eventId: row.event_id as string,
    eventType: row.event_type as string,
    state: row.state as DeliveryState,
    attempts: Number(row.attempts),
    lastStatusCode: row.last_status_code === null ? null : Number(row.last_status_code),
    lastError: row.last_error as string | null,
    createdAt: new Date(row.created_at as string),
    nextAttemptAt: date(row.next_attempt_at),
    lastAttemptAt: date(row.last_attempt_at),
    deliveredAt: date(row.delivered_at),
  };
}
