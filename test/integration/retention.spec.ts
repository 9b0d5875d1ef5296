import { Logger } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AuditTrail } from '../../src/audit/audit-trail';
import { FakeClock } from '../../src/clock/fake-clock';
import { PartitionMaintenance } from '../../src/retention/partition-maintenance.service';
import { AuditEventRepository } from '../../src/repositories/audit-event.repository';
import { SyncRunRepository } from '../../src/repositories/sync-run.repository';
import { HubIdentity } from '../../src/scheduling/hub-identity';
import { ShardOwnershipService } from '../../src/sharding/shard-ownership.service';
import { clusterBody } from '../support/builders';
import { eventually } from '../support/eventually';
import { bearer, startTestHub, type TestHub } from '../support/test-hub';

const partitionsOf = async (hub: TestHub, table: string): Promise<string[]> =>
  (await hub.dataSource.query(`SELECT inhrelid::regclass::text AS name FROM pg_inherits WHERE inhparent = $1::regclass ORDER BY 1`, [table])).map((row: { name: string }) => row.name);

const auditEvent = (occurredAt: string, requestId: string) => ({
  occurredAt: new Date(occurredAt),
  actor: 'admin',
  role: 'admin' as const,
  method: 'DELETE',
  path: '/api/v1/clusters/old',
  route: '/api/v1/clusters/:name',
  action: 'delete',
  resourceKind: 'clusters',
  resourceName: 'old',
  requestId,
  status: 204,
  durationMs: 3,
  changes: {},
});

describe('time partitions and retention of audit_events and sync_runs', () => {
  // The first daily pass after the test's rows are in runs about 2026-06-16: audit cutoff about 2026-03-18, history about 2026-05-17.
  const clock = new FakeClock('2026-06-15T00:00:00Z');
  let hub: TestHub;
  const logs: string[] = [];

  const syncRun = (startedAt: string, application: string) => ({
    application,
    applicationSet: null,
    cluster: 'c',
    project: 'default',
    repository: 'https://127.0.0.1/fleet.git',
    path: 'apps',
    revision: null,
    trigger: 'manual' as const,
    triggeredBy: 'admin',
    rollout: null,
    clusterLabels: {},
    revisionCommittedAt: null,
    shard: null,
    epoch: null,
    startedAt: new Date(startedAt),
  });

  beforeAll(async () => {
    vi.spyOn(Logger.prototype, 'log').mockImplementation((message: unknown) => {
      logs.push(String(message));
    });
    hub = await startTestHub({
      clock,
      env: { AUDIT_RETENTION_DAYS: '90', HISTORY_RETENTION_DAYS: '30', RECONCILE_INTERVAL_SECONDS: '3600', SHARD_LEASE_SECONDS: '3600' },
    });
  });

  afterAll(async () => {
    await hub?.close();
    vi.restoreAllMocks();
  });

  it('makes this month and the next two ahead at start-up', async () => {
    expect(await partitionsOf(hub, 'audit_events')).toEqual(['audit_events_p2026_06', 'audit_events_p2026_07', 'audit_events_p2026_08']);
    expect(await partitionsOf(hub, 'sync_runs')).toEqual(['sync_runs_p2026_06', 'sync_runs_p2026_07', 'sync_runs_p2026_08']);
  });

  it('makes a missing month on demand when a row needs it', async () => {
    const events = hub.app.get(AuditEventRepository);
    for (const [at, id] of [['2025-01-10T08:00:00Z', 'jan-2025'], ['2026-02-20T08:00:00Z', 'feb-2026'], ['2026-03-20T08:00:00Z', 'mar-2026']]) await events.insert(auditEvent(at, id));
    const runs = hub.app.get(SyncRunRepository);
    const lease = { ...hub.app.get(ShardOwnershipService).leaseFor('c')!, holder: hub.app.get(HubIdentity).id };
    const april = await runs.startUnderLease(syncRun('2026-04-10T08:00:00Z', 'april'), lease);
    await runs.startUnderLease(syncRun('2026-05-20T08:00:00Z', 'may'), lease);
    await runs.finish(april!, 'Succeeded', 'done', [], false, new Date('2026-04-10T08:01:00Z'));
    expect(await partitionsOf(hub, 'audit_events')).toEqual(expect.arrayContaining(['audit_events_p2025_01', 'audit_events_p2026_02', 'audit_events_p2026_03']));
    expect(await partitionsOf(hub, 'sync_runs')).toEqual(expect.arrayContaining(['sync_runs_p2026_04', 'sync_runs_p2026_05']));
    const [finished] = await hub.dataSource.query(`SELECT phase FROM sync_runs WHERE application = 'april'`);
    expect(finished.phase).toBe('Succeeded');
  });

  it('drops whole expired months on the daily pass, and keeps every newer row', async () => {
    await hub.http.post('/api/v1/clusters').set({ ...bearer(hub.adminToken), 'X-Request-Id': 'recent' }).send(clusterBody()).expect(201);
    await hub.app.get(AuditTrail).settled();
    await clock.advanceToNext('partition-maintenance');
    // The pass runs on the database, beyond what advancing the clock waits for; its last act is the log.
    await eventually(() => logs.some((line) => line.startsWith('Dropped sync_runs_')), { timeoutMs: 10_000, what: 'the retention pass' });

    const audit = await partitionsOf(hub, 'audit_events');
    expect(audit).not.toContain('audit_events_p2025_01');
    expect(audit).not.toContain('audit_events_p2026_02');
    // March ends after the cutoff (2026-03-18): kept whole, so its rows live at least AUDIT_RETENTION_DAYS.
    expect(audit).toContain('audit_events_p2026_03');
    const requestIds = (await hub.dataSource.query('SELECT request_id FROM audit_events ORDER BY occurred_at')).map((row: { request_id: string }) => row.request_id);
    expect(requestIds).toEqual(['mar-2026', 'recent']);
    const applications = (await hub.dataSource.query('SELECT application FROM sync_runs')).map((row: { application: string }) => row.application);
    expect(applications).toEqual(['may']);
    expect(logs.filter((line) => line.startsWith('Dropped '))).toEqual([
      'Dropped audit_events_p2025_01: the audit_events rows before 2025-02-01T00:00:00.000Z, older than 90 days',
      'Dropped audit_events_p2026_02: the audit_events rows before 2026-03-01T00:00:00.000Z, older than 90 days',
      'Dropped sync_runs_p2026_04: the sync_runs rows before 2026-05-01T00:00:00.000Z, older than 30 days',
    ]);
  });
});

describe('retention 0 (the default)', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub({ clock: new FakeClock('2026-06-15T00:00:00Z') });
  });

  afterAll(async () => {
    await hub?.close();
  });

  it('keeps everything', async () => {
    await hub.app.get(AuditEventRepository).insert(auditEvent('2020-01-01T00:00:00Z', 'ancient'));
    expect(await hub.app.get(PartitionMaintenance).dropExpired()).toEqual([]);
    expect(await partitionsOf(hub, 'audit_events')).toContain('audit_events_p2020_01');
  });
});
