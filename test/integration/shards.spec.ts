import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock/fake-clock';
import { HubIdentity } from '../../src/scheduling/hub-identity';
import { ShardOwnershipService } from '../../src/sharding/shard-ownership.service';
import { clusterBody } from '../support/builders';
import { ageReplicaHeartbeat, expireShardLeases } from '../support/lease-time';
import { createTestDatabase, sharedServerAvailable } from '../support/test-database';
import { bearer, randomKey, startTestHub, type TestHub } from '../support/test-hub';

const ENV = { SHARD_COUNT: '8', SHARD_LEASE_SECONDS: '30' };

describe('shard leases on one hub', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub({ env: ENV });
  });

  afterAll(async () => {
    await hub.close();
  });

  it('holds every shard alone and shows owners, expiry and assigned clusters', async () => {
    for (const name of ['a', 'b', 'c', 'd']) await hub.http.post('/api/v1/clusters').set(bearer(hub.adminToken)).send(clusterBody({ name })).expect(201);
    const response = await hub.http.get('/api/v1/shards').set(bearer(hub.adminToken)).expect(200);
    expect(response.body.shardCount).toBe(8);
    expect(response.body.items).toHaveLength(8);
    for (const shard of response.body.items) expect(shard).toMatchObject({ holder: expect.any(String), epoch: '1', owned: true, leaseExpiresAt: expect.any(String) });
    const assigned = response.body.items.flatMap((shard: { clusters: string[] }) => shard.clusters).sort();
    expect(assigned).toEqual(['a', 'b', 'c', 'd']);
  });

  it('fences a stale epoch and takes an expired lease back at a new epoch', async () => {
    const ownership = hub.app.get(ShardOwnershipService);
    const lease = ownership.leaseFor('a')!;
    expect(await ownership.isCurrent(lease)).toBe(true);
    await expireShardLeases(hub.dataSource, { shard: lease.shard });
    expect(await ownership.isCurrent(lease)).toBe(false);
    await ownership.rebalance();
    const renewed = ownership.leaseFor('a')!;
    expect(BigInt(renewed.epoch)).toBe(BigInt(lease.epoch) + 1n);
    expect(await ownership.isCurrent(lease)).toBe(false);
    expect(await ownership.isCurrent(renewed)).toBe(true);
  });
});

describe.runIf(sharedServerAvailable())('shard leases across two hub replicas on one PostgreSQL', () => {
  it('split the shards fairly, never share one, and take over a silent replica\'s shards', async () => {
    const database = await createTestDatabase();
    const keys = randomKey('shards');
    const dirs = [0, 1].map(() => fs.mkdtempSync(path.join(os.tmpdir(), 'flotilla-shards-')));
    const env = { ...ENV, FLOTILLA_ADMIN_TOKEN: 'shards-admin-token-0123456789' };
    // Frozen clocks: no periodic lease pass runs behind the test's back; the test runs every pass itself.
    const first = await startTestHub({ reuse: { dataDir: dirs[0], database, encryptionKeys: keys }, env, clock: new FakeClock() });
    const second = await startTestHub({ reuse: { dataDir: dirs[1], database, encryptionKeys: keys }, env, clock: new FakeClock() });
    const [a, b] = [first, second].map((hub) => hub.app.get(ShardOwnershipService));
    try {
      // The first replica gives back its excess once it sees the second; the second then claims it.
      await a.rebalance();
      await b.rebalance();
      const [heldA, heldB] = [a.heldShards().map((h) => h.shard), b.heldShards().map((h) => h.shard)];
      expect(heldA).toHaveLength(4);
      expect(heldB).toHaveLength(4);
      expect(heldA.filter((shard) => heldB.includes(shard))).toEqual([]);
      // The second replica goes silent, as a crashed or paused process would: it renews nothing (its clock never
      // moves), its heartbeat ages, and a lease period later its leases have run out.
      await ageReplicaHeartbeat(second.dataSource, second.app.get(HubIdentity).id);
      const stale = b.heldShards();
      await expireShardLeases(second.dataSource, { holder: second.app.get(HubIdentity).id });
      await a.rebalance();
      expect(a.heldShards().map((h) => h.shard)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      for (const lease of stale) expect(await b.isCurrent(lease)).toBe(false);
    } finally {
      await first.stop();
      await second.stop();
      await database.drop();
      for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
