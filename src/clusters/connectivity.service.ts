import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { DomainError } from '../common/errors/domain-error';
import { OutageMonitor } from '../common/errors/outages';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { CredentialDecryptError } from '../crypto';
import { KubernetesClientFactory } from '../kubernetes/kubernetes-client.factory';
import { ClusterConnections } from './cluster-connections';
import type { ClusterEntity } from '../database/entities/cluster.entity';
import { ClusterRepository, type ClusterStatusUpdate } from '../repositories/cluster.repository';
import { runBounded } from '../common/run-bounded';
import { MetricsService } from '../metrics/metrics.service';
import type { ClusterInfo, ClusterInfoRecorder } from '../metrics/recorders';

/** How many checks' results a pass writes in one statement. */
const STATUS_WRITE_BATCH = 100;

/** Connectivity checks: `GET /version` with the stored credentials and TLS settings, never longer than the timeout. */
@Injectable()
export class ConnectivityService {
  private readonly logger = new Logger('Connectivity');

  constructor(
    private readonly clusters: ClusterRepository,
    private readonly connections: ClusterConnections,
    private readonly kubernetes: KubernetesClientFactory,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(OutageMonitor) private readonly outages: OutageMonitor,
    @Inject(MetricsService) private readonly metrics: ClusterInfoRecorder,
  ) {}

  async probe(cluster: ClusterEntity): Promise<ClusterStatusUpdate> {
    let connection;
    try {
      connection = this.connections.connectionOf(cluster);
    } catch (error) {
      // A key removed from FLOTILLA_ENCRYPTION_KEY too early: report it on the cluster, not as a 500.
      if (!(error instanceof CredentialDecryptError)) throw error;
      return { connectionState: 'Failed', serverVersion: cluster.serverVersion ?? null, statusMessage: `CredentialsUnreadable: ${error.message}`, lastCheckedAt: this.clock.now() };
    }
    const result = await this.kubernetes.probeVersion(connection, { timeoutMs: this.config.clusterChecks.timeoutMs });
    const lastCheckedAt = this.clock.now();
    return result.ok
      ? { connectionState: 'Successful', serverVersion: result.serverVersion, statusMessage: null, lastCheckedAt }
      : { connectionState: 'Failed', serverVersion: cluster.serverVersion ?? null, statusMessage: `${result.reason}: ${result.message}`, lastCheckedAt };
  }

  async checkAndRecord(cluster: ClusterEntity): Promise<ClusterStatusUpdate> {
    const status = await this.probe(cluster);
    await this.clusters.updateStatus(cluster.id, status);
    this.metrics.clusterChecked(clusterInfoOf(cluster, status));
    return status;
  }

  /** For `?check=true`: the status to save, or a 422 with the reason the cluster could not be reached. */
  async requireReachable(cluster: ClusterEntity): Promise<ClusterStatusUpdate> {
    const status = await this.probe(cluster);
    if (status.connectionState !== 'Successful') {
      throw new DomainError('ConnectivityCheckFailed', `Connectivity check failed: ${status.statusMessage}`, [
        { field: 'server', reason: status.statusMessage ?? 'unreachable' },
      ]);
    }
    return status;
  }

  /** Drops the cached client (and its connection pool) of a cluster that is gone, and its `flotilla_cluster_info`. */
  forget(cluster: Pick<ClusterEntity, 'id' | 'name'>): void {
    this.kubernetes.evict(cluster.id);
    this.metrics.clusterForgotten(cluster.name);
  }

  /**
   * Another replica runs the checks now: this one stops reporting its older view, so the fleet's
   * `flotilla_cluster_info` comes from the replica that checked last.
   */
  stopReporting(): void {
    this.metrics.replaceClusters([]);
  }

  /**
   * One scheduled pass: every cluster, a bounded number at a time, each bounded by its own timeout. Results are written
   * `STATUS_WRITE_BATCH` at a time (see `ClusterRepository.updateStatuses`): a pass at rest, where no state changes, is
   * then a few statements rather than a transaction per cluster.
   */
  async checkAll(): Promise<{ checked: number; failed: number }> {
    const clusters = await this.clusters.listAll();
    let failed = 0;
    const seen: ClusterInfo[] = [];
    const unwritten: { cluster: ClusterEntity; status: ClusterStatusUpdate }[] = [];
    const couldNotRun = (cluster: ClusterEntity, error: unknown) => {
      // The cluster keeps its stored state (e.g. the database went away).
      seen.push(clusterInfoOf(cluster, cluster));
      failed++;
      if (!this.outages.recordIfOutage(error)) this.logger.warn({ cluster: cluster.name, err: error }, 'Connectivity check could not run');
    };
    const write = async (batch: typeof unwritten) => {
      try {
        await this.clusters.updateStatuses(batch.map(({ cluster, status }) => ({ id: cluster.id, status })));
      } catch (error) {
        for (const { cluster } of batch) couldNotRun(cluster, error);
        return;
      }
      for (const { cluster, status } of batch) {
        this.metrics.clusterChecked(clusterInfoOf(cluster, status));
        seen.push(clusterInfoOf(cluster, status));
        if (status.connectionState !== 'Successful') failed++;
      }
    };
    await runBounded(clusters, this.config.clusterChecks.concurrency, async (cluster) => {
      try {
        unwritten.push({ cluster, status: await this.probe(cluster) });
      } catch (error) {
        couldNotRun(cluster, error);
      }
      // The worker that fills a batch writes it; the others go on checking meanwhile.
      if (unwritten.length >= STATUS_WRITE_BATCH) await write(unwritten.splice(0));
    });
    await write(unwritten.splice(0));
    // The full list read anyway: clusters deleted elsewhere leave the metric here.
    this.metrics.replaceClusters(seen);
    return { checked: clusters.length, failed };
  }
}

function clusterInfoOf(cluster: Pick<ClusterEntity, 'name'>, status: Pick<ClusterStatusUpdate, 'serverVersion' | 'connectionState'>): ClusterInfo {
  return { name: cluster.name, serverVersion: status.serverVersion, connectionState: status.connectionState };
}
