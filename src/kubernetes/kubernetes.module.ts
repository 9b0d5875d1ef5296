import { Module } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { InClusterConnection } from './in-cluster-connection';
import { MetricsService } from '../metrics/metrics.service';
import { ClusterClientSweep, clientIdleMs } from './cluster-client-sweep';
import { KubernetesClientFactory } from './kubernetes-client.factory';

/**
 * Provides the shared client factory with default limits (importers wanting other limits can provide their own), the
 * sweep that drops its idle clients, and the hub's connection to its own cluster.
 */
@Module({
  providers: [
    {
      provide: KubernetesClientFactory,
      inject: [MetricsService, Clock, APP_CONFIG],
      useFactory: (metrics: MetricsService, clock: Clock, config: AppConfig) =>
        new KubernetesClientFactory({ recorder: metrics, idleClientMs: clientIdleMs(config), now: () => clock.now().getTime() }),
    },
    ClusterClientSweep,
    InClusterConnection,
  ],
  exports: [KubernetesClientFactory, InClusterConnection],
})
export class KubernetesModule {}
