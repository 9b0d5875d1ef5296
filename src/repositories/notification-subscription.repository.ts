import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** A subscription row. `destination` holds only what may be shown; the secrets are in the sealed columns. */
export interface SubscriptionRow {
  id: string;
  name: string;
  events: string[];
  filter: Record<string, unknown>;
  destination: Record<string, unknown>;
  secretKeyId: string | null;
  secretCiphertext: string | null;
  createdAt: Date;
  updatedAt: Date;
}

interface Row {
  id: string;
  name: string;
  events: string[];
  filter: Record<string, unknown>;
  destination: Record<string, unknown>;
  secret_key_id: string | null;
  secret_ciphertext: string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

const COLUMNS = 'id, name, events, filter, destination, secret_key_id, secret_ciphertext, created_at, updated_at';

@Injectable()
export class NotificationSubscriptionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(row: SubscriptionRow): Promise<SubscriptionRow> {
    const rows: Row[] = await this.dataSource.query(
      `INSERT INTO notification_subscriptions (${COLUMNS}) VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
      [row.id, row.name, row.events, JSON.stringify(row.filter), JSON.stringify(row.destination), row.secretKeyId, row.secretCiphertext, row.createdAt, row.updatedAt],
    );
    return toSubscription(rows[0]);
  }

  /** Replaces everything but the name, id and creation time; null when the subscription is gone. */
  async replace(row: SubscriptionRow): Promise<SubscriptionRow | null> {
    const rows: Row[] = await this.dataSource.query(
      `WITH replaced AS (UPDATE notification_subscriptions SET events = $2, filter = $3::jsonb, destination = $4::jsonb, secret_key_id = $5, secret_ciphertext = $6, updated_at = $7
       WHERE id = $1 RETURNING ${COLUMNS}) SELECT * FROM replaced`,
      [row.id, row.events, JSON.stringify(row.filter), JSON.stringify(row.destination), row.secretKeyId, row.secretCiphertext, row.updatedAt],
    );
    return rows[0] ? toSubscription(rows[0]) : null;
  }

  async findByName(name: string): Promise<SubscriptionRow | null> {
    const rows: Row[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM notification_subscriptions WHERE name = $1`, [name]);
    return rows[0] ? toSubscription(rows[0]) : null;
  }

  async findByIds(ids: readonly string[]): Promise<SubscriptionRow[]> {
    if (ids.length === 0) return [];
    const rows: Row[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM notification_subscriptions WHERE id = ANY($1::uuid[])`, [ids]);
    return rows.map(toSubscription);
  }

  async list(): Promise<SubscriptionRow[]> {
    const rows: Row[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM notification_subscriptions ORDER BY name`);
    return rows.map(toSubscription);
  }

  /** Re-seals the secrets under another key, only if they are still sealed with `expectedKeyId` (key rotation). */
  async updateSecret(id: string, expectedKeyId: string, secret: { secretKeyId: string; secretCiphertext: string }): Promise<void> {
    await this.dataSource.query(`UPDATE notification_subscriptions SET secret_key_id = $3, secret_ciphertext = $4 WHERE id = $1 AND secret_key_id = $2`, [
      id,
      expectedKeyId,
      secret.secretKeyId,
      secret.secretCiphertext,
    ]);
  }

  async deleteByName(name: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`WITH deleted AS (DELETE FROM notification_subscriptions WHERE name = $1 RETURNING id) SELECT id FROM deleted`, [name]);
    return rows.length > 0;
  }
}

function toSubscription(row: Row): SubscriptionRow {
  return {
    id: row.id,
    name: row.name,
    events: row.events,
    filter: row.filter,
    destination: row.destination,
    secretKeyId: row.secret_key_id,
    secretCiphertext: row.secret_ciphertext,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}
