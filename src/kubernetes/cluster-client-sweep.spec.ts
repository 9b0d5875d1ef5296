import { describe, expect, it } from 'vitest';
import { FakeClock } from '../clock/fake-clock';
import { OutageMonitor } from '../common/errors/outages';
import type { AppConfig } from '../config/app-config';
import { PeriodicJobs } from '../scheduling/periodic-jobs';
import { CLIENT_SWEEP_INTERVAL_MS, ClusterClientSweep, clientIdleMs } from './cluster-client-sweep';
import type { ClusterConnection } from './cluster-connection';
import { KubernetesClientFactory } from './kubernetes-client.factory';

const config = (reconcileSeconds: number, checkSeconds: number, checksEnabled = true) =>
  ({ reconcile: { intervalSeconds: reconcileSeconds }, clusterChecks: { enabled: checksEnabled, intervalSeconds: checkSeconds } }) as AppConfig;

describe('clientIdleMs', () => {
  it.each([
    { name: 'defaults (60 s passes and checks): 10 minutes', config: config(60, 60), idleMs: 600_000 },
    { name: 'hourly reconcile passes: two of them', config: config(3_600, 60), idleMs: 7_200_000 },
    { name: 'checks every 15 minutes: two of them', config: config(60, 900), idleMs: 1_800_000 },
    { name: 'checks disabled: their interval does not count', config: config(60, 86_400, false), idleMs: 600_000 },
  ])('$name', ({ config, idleMs }) => {
    expect(clientIdleMs(config)).toBe(idleMs);
  });
});

class NoOutages extends OutageMonitor {
  recordIfOutage(): undefined {
    return undefined;
  }
}

describe('ClusterClientSweep', () => {
  it('is one job for the whole process that drops idle clients, whatever the number of clusters', async () => {
    const clock = new FakeClock();
    const jobs = new PeriodicJobs(clock, new NoOutages());
    const factory = new KubernetesClientFactory({ idleClientMs: 600_000, now: () => clock.now().getTime() });
    const conn = (id: string): ClusterConnection => ({ id, server: 'https://127.0.0.1:1', credentialsVersion: '1', tls: {}, credentials: { type: 'bearerToken', bearerToken: 't' } });
    try {
      const first = ['a', 'b', 'c'].map((id) => factory.clusterHttp(conn(id)));
      new ClusterClientSweep(jobs, factory).onApplicationBootstrap();
      expect(clock.pendingTimers()).toEqual(['cluster-client-sweep']);
      await clock.advance(300_000);
      factory.clusterHttp(conn('a'));
      // Past 10 minutes plus one sweep interval and its jitter: 'b' and 'c' are gone, 'a' (used at 5 min) stays.
      await clock.advance(300_000 + 1.1 * CLIENT_SWEEP_INTERVAL_MS);
      expect(factory.clusterHttp(conn('a'))).toBe(first[0]);
      expect(factory.clusterHttp(conn('b'))).not.toBe(first[1]);
      expect(clock.pendingTimers()).toEqual(['cluster-client-sweep']);
    } finally {
      jobs.onApplicationShutdown();
      factory.close();
    }
  });
});
