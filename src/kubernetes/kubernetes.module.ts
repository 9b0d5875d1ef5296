import { Module } from '@nestjs/common';
import { KubernetesClientFactory } from './kubernetes-client.factory';

/** Provides the shared client factory with default limits; importers wanting other limits can provide their own. */
@Module({
  providers: [{ provide: KubernetesClientFactory, useFactory: () => new KubernetesClientFactory() }],
  exports: [KubernetesClientFactory],
})
export class KubernetesModule {}
