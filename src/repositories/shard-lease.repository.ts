import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export interface HeldShard {
  shard: number;
  epoch: string;
}

/** A lease as a fenced write checks it: still held by `holder` at `epoch`, and not expired. */
export interface FencingLease extends HeldShard {
  holder: string;
}

export interface ShardLeaseRow {
  shard: number;
  holder: string | null;
  epoch: string;
  expiresAt: Date | null;
}

/**
 * UPDATE ... RETURNING runs inside a CTE so TypeORM hands back plain rows (it wraps bare UPDATE results).
 * Every statement here is a single atomic UPDATE/INSERT judged by the database clock, so replicas with skewed
 * clocks agree on who holds what, and two replicas can never both win one shard.
 */
@Injectable()
export class ShardLeaseRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async ensureShards(count: number): Promise<void> {
    await this.dataSource.query(`INSERT INTO shard_leases (shard) SELECT generate_series(0, $1::int - 1) ON CONFLICT DO NOTHING`, [count]);
  }

  async heartbeat(replica: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO hub_replicas (id, last_seen) VALUES ($1, now()) ON CONFLICT (id) DO UPDATE SET last_seen = now()`,
      [replica],
    );
  }

  async liveReplicas(withinMs: number): Promise<number> {
    const rows: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM hub_replicas WHERE last_seen > now() - ($1::int * interval '1 millisecond')`,
      [withinMs],
    );
    return Math.max(1, rows[0].n);
  }

  /** Extends the leases this replica still holds at the epochs it knows; a lease lost in between is not renewed. */
  async renew(replica: string, held: HeldShard[], leaseMs: number): Promise<HeldShard[]> {
    if (held.length === 0) return [];
    const rows: { shard: number; epoch: string }[] = await this.dataSource.query(
      `WITH renewed AS (
         UPDATE shard_leases l SET expires_at = now() + ($2::int * interval '1 millisecond')
         FROM unnest($3::int[], $4::bigint[]) AS h(shard, epoch)
         WHERE l.shard = h.shard AND l.epoch = h.epoch AND l.holder = $1 AND l.expires_at > now()
         RETURNING l.shard, l.epoch::text AS epoch)
       SELECT * FROM renewed`,
      [replica, leaseMs, held.map((h) => h.shard), held.map((h) => h.epoch)],
    );
    return rows.map(toHeld);
  }

  /** Takes up to `limit` free or expired shards, bumping each one's epoch (which fences the previous holder). */
  async claim(replica: string, limit: number, leaseMs: number, shardCount: number): Promise<HeldShard[]> {
    if (limit <= 0) return [];
    const rows: { shard: number; epoch: string }[] = await this.dataSource.query(
      `WITH claimed AS (
         UPDATE shard_leases l SET holder = $1, epoch = l.epoch + 1, expires_at = now() + ($3::int * interval '1 millisecond')
         WHERE l.shard IN (
           SELECT shard FROM shard_leases
           WHERE shard < $4 AND (holder IS NULL OR expires_at IS NULL OR expires_at <= now())
           ORDER BY shard LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING l.shard, l.epoch::text AS epoch)
       SELECT * FROM claimed`,
      [replica, limit, leaseMs, shardCount],
    );
    return rows.map(toHeld);
  }

  /** Hands shards back (another replica joined, or this one is stopping). */
  async release(replica: string, shards: number[]): Promise<void> {
    if (shards.length === 0) return;
    await this.dataSource.query(`UPDATE shard_leases SET holder = NULL, expires_at = NULL WHERE holder = $1 AND shard = ANY($2::int[])`, [replica, shards]);
  }

  async forgetReplica(replica: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM hub_replicas WHERE id = $1`, [replica]);
  }

  /** True while `replica` still holds `shard` at `epoch`: the fence every write under a lease checks. */
  async isCurrent(shard: number, epoch: string, replica: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM shard_leases WHERE shard = $1 AND epoch = $2 AND holder = $3 AND expires_at > now()`,
      [shard, epoch, replica],
    );
    return rows.length > 0;
  }

  async list(shardCount: number): Promise<ShardLeaseRow[]> {
    const rows: { shard: number; holder: string | null; epoch: string; expires_at: Date | null }[] = await this.dataSource.query(
      `SELECT shard, holder, epoch::text, expires_at FROM shard_leases WHERE shard < $1 ORDER BY shard`,
      [shardCount],
    );
    return rows.map((row) => ({ shard: row.shard, holder: row.holder, epoch: row.epoch, expiresAt: row.expires_at }));
  }
}

function toHeld(row: { shard: number; epoch: string }): HeldShard {
  return { shard: row.shard, epoch: String(row.epoch) };
}
