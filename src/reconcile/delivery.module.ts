import * as path from 'node:path';
import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { type GitCredentials, GitMirrors } from '../git';
import { KubernetesModule } from '../kubernetes/kubernetes.module';
import { KubernetesClientFactory } from '../kubernetes/kubernetes-client.factory';
import { ManifestRenderer, RenderCache, SourceRenderer } from '../rendering';
import { ClientNodeClusterApis } from '../kubernetes';

/** The outside systems a sync goes through: Git mirrors, the renderer with its cache, the cluster API. */
@Module({
  imports: [KubernetesModule],
  providers: [
    {
      provide: GitMirrors,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        new GitMirrors({ rootDir: path.join(config.dataDir, 'git'), allowLocal: config.reconcile.allowLocalRepositories }),
    },
    {
      provide: SourceRenderer,
      inject: [APP_CONFIG, GitMirrors],
      useFactory: (config: AppConfig, mirrors: GitMirrors) =>
        new SourceRenderer<GitCredentials>(
          mirrors,
          new ManifestRenderer({ kustomizePath: config.reconcile.kustomizePath, helmPath: config.reconcile.helmPath }),
          new RenderCache(),
        ),
    },
    { provide: ClientNodeClusterApis, inject: [KubernetesClientFactory], useFactory: (factory: KubernetesClientFactory) => new ClientNodeClusterApis(factory) },
  ],
  exports: [GitMirrors, SourceRenderer, ClientNodeClusterApis],
})
export class DeliveryModule {}
