import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { PeriodicJobs } from '../scheduling/periodic-jobs';
import { KubernetesClientFactory } from './kubernetes-client.factory';

const JOB_NAME = 'cluster-client-sweep';
/** How often idle clients are looked for: one is dropped at most this long after its idle time ran out. */
export const CLIENT_SWEEP_INTERVAL_MS = 60_000;
const MIN_CLIENT_IDLE_MS = 10 * 60_000;

/**
 * How long a cluster's client may go unused before it is dropped: 10 minutes, or twice the longest interval at which
 * the hub uses clients on schedule (reconcile passes, connectivity checks), so a client in regular use is never
 * rebuilt between two uses however those intervals are configured.
 */
export function clientIdleMs(config: AppConfig): number {
  const checkSeconds = config.clusterChecks.enabled ? config.clusterChecks.intervalSeconds : 0;
  return Math.max(MIN_CLIENT_IDLE_MS, 2 * 1000 * Math.max(config.reconcile.intervalSeconds, checkSeconds));
}

/**
 * Thin: every minute, drops the cluster clients this replica has not used for the idle time. One job for the whole
 * process, not a timer per cluster; every replica runs it (no lease), as each holds its own clients.
 */
@Injectable()
export class ClusterClientSweep implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: PeriodicJobs,
    private readonly clients: KubernetesClientFactory,
  ) {}

  onApplicationBootstrap(): void {
    this.jobs.start({
      name: JOB_NAME,
      intervalMs: CLIENT_SWEEP_INTERVAL_MS,
      jitter: 0.1,
      run: async () => {
        this.clients.evictIdle();
      },
    });
  }
}
