import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { ClusterConnections } from '../clusters/cluster-connections';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { ClusterEntity } from '../database/entities/cluster.entity';
import { IN_CLUSTER_NAME } from '../domain/in-cluster';
import { ClusterApis } from '../kubernetes';
import { InClusterConnection } from '../kubernetes/in-cluster-connection';
import { ClusterRepository } from '../repositories/cluster.repository';
import type { ClusterApi } from '../sync';
import { TokenBuckets } from '../common/token-bucket';
import { RateLimitedClusterApi } from './rate-limited-cluster-api';

export interface Destination {
  /** The registered cluster; null for the hub's own (in-cluster) when no registered cluster takes its place. */
  cluster: Readonly<ClusterEntity> | null;
  api: ClusterApi;
}

/**
 * The cluster API of an application's destination: a registered cluster by name, or the hub's own. Every caller
 * (reconcile, cascading deletion) shares one request budget per cluster in this replica.
 * Buckets of clusters not called for a while (deleted, or their shards moved to another replica) are dropped as
 * `TokenBuckets` says.
 */
@Injectable()
export class DestinationApis {
  private readonly buckets: TokenBuckets;

  constructor(
    private readonly clusters: ClusterRepository,
    private readonly connections: ClusterConnections,
    private readonly apis: ClusterApis,
    private readonly inCluster: InClusterConnection,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.buckets = new TokenBuckets(config.reconcile.clusterQps, config.reconcile.clusterBurst);
  }

  /**
   * undefined when no registered cluster has this name (and it is not the enabled in-cluster). A reconcile passes the
   * look-up of its config reading; others read the row.
   */
  async of(
    clusterName: string,
    clusterNamed: (name: string) => Promise<Readonly<ClusterEntity> | null> = (name) => this.clusters.findByName(name),
    prefetch: { readonly apiVersions: readonly string[] } = { apiVersions: [] },
  ): Promise<Destination | undefined> {
    const cluster = await clusterNamed(clusterName);
    const connection = cluster ? this.connections.connectionOf(cluster) : clusterName === IN_CLUSTER_NAME ? this.inCluster.connection() : undefined;
    if (!connection) return undefined;
    const bucket = (nowMs: number) => this.buckets.for(connection.id, nowMs);
    return { cluster, api: new RateLimitedClusterApi(this.apis.for(connection, prefetch.apiVersions), bucket, this.clock) };
  }
}
