import * as path from 'node:path';
import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { type GitCredentials, GitMirrors, GitRunner } from '../git';
import { MetricsService } from '../metrics/metrics.service';
import { KubernetesModule } from '../kubernetes/kubernetes.module';
import { KubernetesClientFactory } from '../kubernetes/kubernetes-client.factory';
import { ManifestRenderer, RenderCache, SourceRenderer } from '../rendering';
import { ClusterApis } from '../kubernetes';

/** The outside systems a sync goes through: Git mirrors, the renderer and its cache, the cluster API. */
@Module({
  imports: [KubernetesModule],
  providers: [
    {
      provide: GitMirrors,
      inject: [APP_CONFIG, MetricsService],
      useFactory: (config: AppConfig, metrics: MetricsService) =>
        new GitMirrors({ rootDir: path.join(config.dataDir, 'git'), allowLocal: config.reconcile.allowLocalRepositories, runner: new GitRunner('git', metrics) }),
    },
    // Its own provider so a hard refresh can drop one source's renders.
    { provide: RenderCache, useFactory: () => new RenderCache() },
    {
      provide: SourceRenderer,
      inject: [APP_CONFIG, GitMirrors, RenderCache, MetricsService],
      useFactory: (config: AppConfig, mirrors: GitMirrors, cache: RenderCache, metrics: MetricsService) =>
        new SourceRenderer<GitCredentials>(mirrors, new ManifestRenderer({ kustomizePath: config.reconcile.kustomizePath, helmPath: config.reconcile.helmPath }), cache, metrics),
    },
    { provide: ClusterApis, inject: [KubernetesClientFactory], useFactory: (factory: KubernetesClientFactory) => new ClusterApis(factory) },
  ],
  exports: [GitMirrors, RenderCache, SourceRenderer, ClusterApis],
})
export class DeliveryModule {}
