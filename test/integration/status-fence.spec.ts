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

  it('writes Healthy and Degraded statuses of a batch in one transaction with the marks they move and the events due, once', async () => {
    const ownership = hub.app.get(ShardOwnershipService);
    await ownership.rebalance();
    const lease = { ...ownership.leaseFor('fenced')!, holder: hub.app.get(HubIdentity).id };
    const repository = hub.app.get(ApplicationRepository);
    const deployed = (revision: string): ApplicationStatusRecord =>
      ({ sync: { status: 'Synced', revision }, health: { status: 'Healthy' }, operationState: { phase: 'Succeeded', revision }, conditions: [] }) as never;
    const degraded = { sync: { status: 'Synced', revision: 'r1' }, health: { status: 'Degraded', message: 'crash loop' }, conditions: [] } as never;
    const events = async (): Promise<string[]> =>
      (await hub.dataSource.query(`SELECT application, type FROM notification_events WHERE application LIKE 'status-%' ORDER BY application, seq`)).map((row: { application: string; type: string }) => `${row.application} ${row.type}`);
    const written = await Promise.all([
      repository.updateStatusFenced('status-a', deployed('r1'), lease),
      repository.updateStatusFenced('status-b', deployed('r1'), lease),
      repository.updateStatusFenced('status-c', degraded, lease),
      repository.updateStatusFenced('status-b', progressing('between'), lease),
      repository.updateStatusFenced('status-b', deployed('r2'), lease),
    ]);
    expect(written).toEqual([true, true, true, true, true]);
    expect(await events()).toEqual(['status-a app.deployed', 'status-b app.deployed', 'status-b app.deployed', 'status-c health.degraded']);
    const revisions = await hub.dataSource.query(`SELECT application, deployed_revision, degraded FROM notification_application_marks WHERE application LIKE 'status-%' ORDER BY application`);
    expect(revisions).toEqual([
      { application: 'status-a', deployed_revision: 'r1', degraded: false },
      { application: 'status-b', deployed_revision: 'r2', degraded: false },
      { application: 'status-c', deployed_revision: null, degraded: true },
    ]);
    // The statuses they hold now, written again, move no mark: nothing more is announced.
    await Promise.all([
      repository.updateStatusFenced('status-a', deployed('r1'), lease),
      repository.updateStatusFenced('status-b', deployed('r2'), lease),
      repository.updateStatusFenced('status-c', degraded, lease),
    ]);
    expect(await events()).toHaveLength(4);
  });
});
