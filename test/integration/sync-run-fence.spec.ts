import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { lineageAfter, SyncRunRecorder } from '../../src/reconcile/sync-run-recorder';
import { type LastOutcome, SyncRunRepository } from '../../src/repositories/sync-run.repository';
import { TimePartitionsRepository } from '../../src/repositories/time-partitions.repository';
import { HubIdentity } from '../../src/scheduling/hub-identity';
import { ShardOwnershipService } from '../../src/sharding/shard-ownership.service';
import { expireShardLeases } from '../support/lease-time';
import { startTestHub, type TestHub } from '../support/test-hub';

describe('a sync run begins only under a current shard lease (the fence)', () => {
  let hub: TestHub;
  const count = async (sql: string): Promise<number> => Number((await hub.dataSource.query(sql))[0].n);
  const starting = (startedAt: Date) => ({
    application: 'my-api-fenced',
    applicationSet: null,
    cluster: 'fenced',
    project: 'default',
    repository: 'file:///nowhere',
    path: 'apps/my-api',
    revision: null,
    trigger: 'automated' as const,
    triggeredBy: null,
    rollout: null,
    clusterLabels: {},
    shard: 0,
    epoch: '0',
    startedAt,
  });

  beforeAll(async () => {
    hub = await startTestHub({ env: { SHARD_COUNT: '4' } });
  });

  afterAll(async () => {
    await hub.close();
  });

  it('records the run, its lineage and the synced pair in the round trips of a current lease; nothing once the lease is gone', async () => {
    const ownership = hub.app.get(ShardOwnershipService);
    const lease = { ...ownership.leaseFor('fenced')!, holder: hub.app.get(HubIdentity).id };
    const recorder = hub.app.get(SyncRunRecorder);
    const first = await recorder.start({ ...starting(new Date()), shard: lease.shard, epoch: lease.epoch }, lease);
    expect(first).toMatchObject({ phase: 'Running', previousRevision: null, failingSince: null });
    await recorder.finish(first!, 'Failed', 'boom', [], new Date());
    // The end and its outbox event are one statement, run once: a second end of the same run changes nothing.
    await recorder.finish(first!, 'Succeeded', 'late', [], new Date());
    const events = `SELECT count(*) AS n FROM notification_events WHERE data ->> 'syncRunId' = '${first!.id}'`;
    expect(await count(events)).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM sync_runs WHERE id = '${first!.id}' AND phase = 'Failed' AND message = 'boom'`)).toBe(1);
    const second = await recorder.start({ ...starting(new Date()), shard: lease.shard, epoch: lease.epoch }, lease);
    // The lineage came from the finished run: failing since it started.
    expect(second?.failingSince).toEqual(first!.startedAt);
    expect(await count(`SELECT count(*) AS n FROM synced_applications WHERE application = 'my-api-fenced'`)).toBe(1);

    await expireShardLeases(hub.dataSource, { shard: lease.shard });
    const runsBefore = await count(`SELECT count(*) AS n FROM sync_runs WHERE application = 'my-api-fenced'`);
    expect(await recorder.start({ ...starting(new Date()), shard: lease.shard, epoch: lease.epoch }, lease)).toBeUndefined();
    expect(await count(`SELECT count(*) AS n FROM sync_runs WHERE application = 'my-api-fenced'`)).toBe(runsBefore);
  });

  // The start statement applies lineageAfter's rule in SQL: both are held to the same cases.
  const T0 = new Date('2026-11-29T09:00:00Z');
  const T1 = new Date('2026-11-29T10:00:00Z');
  // sync_runs is partitioned by month, and a hub makes the partitions of its own months only: the earlier runs' month
  // is made here, so the cases do not depend on the date they run on.
  beforeAll(async () => {
    await hub.app.get(TimePartitionsRepository).ensureMonths('sync_runs', [T0, T1, new Date(T1.getTime() + 60_000)]);
  });
  const before = (phase: string, failingSince: Date | null): LastOutcome => ({ phase: phase as LastOutcome['phase'], revision: 'b', previousRevision: 'a', failingSince, startedAt: T1 });
  it.each([
    { name: 'the first run', last: null },
    { name: 'after a success', last: before('Succeeded', null) },
    { name: 'after a first failure', last: before('Failed', null) },
    { name: 'after an Error', last: before('Error', null) },
    { name: 'after a second failure', last: before('Failed', T0) },
    { name: 'after a success that restored a failure', last: before('Succeeded', T0) },
  ])('starts a run with the lineage lineageAfter gives: $name', async ({ name, last }) => {
    const ownership = hub.app.get(ShardOwnershipService);
    await ownership.rebalance();
    const lease = { ...ownership.leaseFor('fenced')!, holder: hub.app.get(HubIdentity).id };
    const application = `lineage ${name}`;
    if (last) {
      // An older interrupted run and the newest finished one: only the finished one counts.
      for (const [phase, at] of [[last.phase, last.startedAt], ['Interrupted', new Date(T1.getTime() + 60_000)]] as const) {
        await hub.dataSource.query(
          `INSERT INTO sync_runs (id, application, cluster, project, repository, path, revision, trigger, phase, resources, started_at, cluster_labels, changed, previous_revision, failing_since)
           VALUES (gen_random_uuid(), $1, 'fenced', 'default', 'file:///nowhere', 'apps/my-api', $2, 'automated', $3, '[]', $4, '{}', false, $5, $6)`,
          [application, last.revision, phase, at, last.previousRevision, last.failingSince],
        );
      }
    }
    const run = await hub.app.get(SyncRunRecorder).start({ ...starting(new Date()), application, shard: lease.shard, epoch: lease.epoch }, lease);
    expect({ previousRevision: run?.previousRevision, failingSince: run?.failingSince }).toEqual(lineageAfter(last));
    const [stored] = await hub.dataSource.query(`SELECT previous_revision, failing_since FROM sync_runs WHERE id = $1`, [run!.id]);
    expect({ previousRevision: stored.previous_revision, failingSince: stored.failing_since }).toEqual(lineageAfter(last));
  });

  it('starts the runs a pass starts together in one statement, each with its own lineage, each under its own lease', async () => {
    const ownership = hub.app.get(ShardOwnershipService);
    await ownership.rebalance();
    const lease = { ...ownership.leaseFor('fenced')!, holder: hub.app.get(HubIdentity).id };
    const cases = [null, before('Succeeded', null), before('Failed', null), before('Failed', T0), before('Succeeded', T0)];
    for (const [i, last] of cases.entries()) {
      if (!last) continue;
      await hub.dataSource.query(
        `INSERT INTO sync_runs (id, application, cluster, project, repository, path, revision, trigger, phase, resources, started_at, cluster_labels, changed, previous_revision, failing_since)
         VALUES (gen_random_uuid(), $1, 'fenced', 'default', 'file:///nowhere', 'apps/my-api', $2, 'automated', $3, '[]', $4, '{}', false, $5, $6)`,
        [`together ${i}`, last.revision, last.phase, last.startedAt, last.previousRevision, last.failingSince],
      );
    }
    const repository = hub.app.get(SyncRunRepository);
    const statements = vi.spyOn(repository as unknown as { startMany(starts: unknown[]): Promise<unknown> }, 'startMany');
    const recorder = hub.app.get(SyncRunRecorder);
    const start = (application: string, fence = lease) => recorder.start({ ...starting(new Date()), application, shard: lease.shard, epoch: lease.epoch }, fence);
    // The first goes at once; the rest, given while it is under way, go together, one of them under a lease its
    // replica no longer holds (another holder).
    const runs = await Promise.all([start('together first'), ...cases.map((_, i) => start(`together ${i}`)), start('together stale', { ...lease, holder: 'gone-replica' })]);
    expect(statements.mock.calls.map(([starts]) => starts.length)).toEqual([1, cases.length + 1]);
    statements.mockRestore();
    expect(runs[0]).toMatchObject({ phase: 'Running', previousRevision: null, failingSince: null });
    expect(runs.slice(1, -1).map((run) => ({ previousRevision: run?.previousRevision, failingSince: run?.failingSince }))).toEqual(cases.map((last) => lineageAfter(last)));
    expect(runs.at(-1)).toBeUndefined();
    expect(await count(`SELECT count(*) AS n FROM sync_runs WHERE application = 'together stale'`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM synced_applications WHERE application LIKE 'together %'`)).toBe(cases.length + 1);
  });

  it('ends the runs a pass ends together in one statement, each with its outbox event; a run ended twice keeps its first end', async () => {
    const ownership = hub.app.get(ShardOwnershipService);
    await ownership.rebalance();
    const lease = { ...ownership.leaseFor('fenced')!, holder: hub.app.get(HubIdentity).id };
    const recorder = hub.app.get(SyncRunRecorder);
    const runs = [];
    for (const application of ['ending first', 'ending a', 'ending b']) {
      runs.push((await recorder.start({ ...starting(new Date()), application, shard: lease.shard, epoch: lease.epoch }, lease))!);
    }
    const repository = hub.app.get(SyncRunRepository);
    const statements = vi.spyOn(repository as unknown as { finishMany(ends: unknown[]): Promise<unknown> }, 'finishMany');
    const [first, a, b] = runs;
    await Promise.all([
      recorder.finish(first, 'Succeeded', 'done', [], new Date()),
      recorder.finish(a, 'Failed', 'boom', [], new Date()),
      recorder.finish(b, 'Succeeded', 'done', [], new Date()),
      recorder.finish(a, 'Succeeded', 'too late', [], new Date()),
    ]);
    expect(statements.mock.calls.map(([ends]) => ends.length)).toEqual([1, 3]);
    statements.mockRestore();
    const ended = await hub.dataSource.query(`SELECT application, phase, message FROM sync_runs WHERE id = ANY($1) ORDER BY application`, [runs.map((run) => run.id)]);
    expect(ended).toEqual([
      { application: 'ending a', phase: 'Failed', message: 'boom' },
      { application: 'ending b', phase: 'Succeeded', message: 'done' },
      { application: 'ending first', phase: 'Succeeded', message: 'done' },
    ]);
    const events = await hub.dataSource.query(`SELECT application, type FROM notification_events WHERE data ->> 'syncRunId' = ANY($1) ORDER BY application`, [runs.map((run) => run.id)]);
    expect(events.map((event: { application: string }) => event.application)).toEqual(['ending a', 'ending b', 'ending first']);
  });

  it('notes nothing for a pair first started under a lost lease', async () => {
    const ownership = hub.app.get(ShardOwnershipService);
    await ownership.rebalance();
    const lease = { ...ownership.leaseFor('other-cluster')!, holder: hub.app.get(HubIdentity).id };
    await expireShardLeases(hub.dataSource, { shard: lease.shard });
    const run = await hub.app.get(SyncRunRecorder).start({ ...starting(new Date()), application: 'never-synced', cluster: 'other-cluster', shard: lease.shard, epoch: lease.epoch }, lease);
    expect(run).toBeUndefined();
    expect(await count(`SELECT count(*) AS n FROM synced_applications WHERE application = 'never-synced'`)).toBe(0);
  });
});
