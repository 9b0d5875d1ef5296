import type { DataSource } from 'typeorm';

/*
 * Shard and job leases are judged by the database clock (`now()` in SQL) on purpose, so replicas with skewed clocks
 * agree; a FakeClock cannot move them. Tests "let a lease period pass" by moving the rows' times instead of sleeping.
 */

/** Lets the shard leases of one holder, or one shard, run out as if their lease period had passed. */
export async function expireShardLeases(dataSource: DataSource, which: { holder: string } | { shard: number }): Promise<void> {
  const [column, value] = 'holder' in which ? ['holder', which.holder] : ['shard', which.shard];
  await dataSource.query(`UPDATE shard_leases SET expires_at = now() - interval '1 second' WHERE ${column} = $1`, [value]);
}

/** Ages a replica's heartbeat, so the others stop counting it when they compute their fair share. */
export async function ageReplicaHeartbeat(dataSource: DataSource, replicaId: string): Promise<void> {
  await dataSource.query(`UPDATE hub_replicas SET last_seen = now() - interval '1 hour' WHERE id = $1`, [replicaId]);
}
