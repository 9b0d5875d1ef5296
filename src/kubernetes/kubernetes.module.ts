import { Module } from '@nestjs/common';
import { InClusterConnection } from './in-cluster-connection';
import { MetricsService } from '../metrics/metrics.service';
import { KubernetesClientFactory } from './kubernetes-client.factory';

/**
 * Provides the shared client factory with default limits (importers wanting other limits can provide their own), and
 * the hub's connection to its own cluster.
 */
@Module({
  providers: [{ provide: KubernetesClientFactory, inject: [MetricsService], useFactory: (metrics: MetricsService) => new KubernetesClientFactory({ recorder: metrics }) }, InClusterConnection],
  exports: [KubernetesClientFactory, InClusterConnection],
})
export class KubernetesModule {}
