import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ApplicationStatusRecord } from '../../src/domain/application';
import { ApplicationRepository } from '../../src/repositories/application.repository';
import { HubIdentity } from '../../src/scheduling/hub-identity';
import { ShardOwnershipService } from '../../src/sharding/shard-ownership.service';
import { startTestHub, type TestHub } from '../support/test-hub';

/** A status no observer records (still Progressing): the kind a pass writes in batches. */
const progressing = (message: string): ApplicationStatusRecord => ({ sync: { status: 'OutOfSync' }, health: { status: 'Progressing', message }, conditions: [] }) as never;

describe('application statuses are written only under a current shard lease, a batch per statement', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub();
    for (const name of ['status-a', 'status-b', 'status-c']) {
      await hub.dataSource.query(
        `INSERT INTO applications (name, application_set, cluster, project, labels, manifest, status, fingerprint, origin)
         VALUES ($1, NULL, 'fenced', 'default', '{}', '{}', $2, 'f', 'manual')`,
        [name, JSON.stringify(progressing('before'))],
      );
    }
  });

  afterAll(async () => {
    await hub.close();
  });

  const stored = async (name: string): Promise<string> => (await hub.dataSource.query(`SELECT status -> 'health' ->> 'message' AS message FROM applications WHERE name = $1`, [name]))[0].message;

  it('writes the statuses given together in one statement, each under its own lease, a name given twice in order', async () => {
    const ownership = hub.app.get(ShardOwnershipService);
    await ownership.rebalance();
    const lease = { ...ownership.leaseFor('fenced')!, holder: hub.app.get(HubIdentity).id };
    const repository = hub.app.get(ApplicationRepository);
    const statements = vi.spyOn(repository as unknown as { writeStatuses(writes: unknown[]): Promise<boolean[]> }, 'writeStatuses');
    const written = await Promise.all([
      repository.updateStatusFenced('status-a', progressing('first'), lease),
      repository.updateStatusFenced('status-b', progressing('earlier'), lease),
      // A replica that no longer holds the shard (another holder) writes nothing.
      repository.updateStatusFenced('status-c', progressing('stale'), { ...lease, holder: 'gone-replica' }),
      repository.updateStatusFenced('status-b', progressing('later'), lease),
      repository.updateStatusFenced('status-gone', progressing('no such application'), lease),
    ]);
    expect(written).toEqual([true, true, false, true, false]);
    // The first at once; the rest, given while it was under way, as one batch.
    expect(statements.mock.calls.map(([writes]) => writes.length)).toEqual([1, 4]);
    statements.mockRestore();
    expect([await stored('status-a'), await stored('status-b'), await stored('status-c')]).toEqual(['first', 'later', 'before']);
  });
});
