import { type DynamicModule, Module } from '@nestjs/common';
import { ManifestRenderer, type ManifestRendererOptions } from './manifest-renderer';
import { RenderCache, type RenderCacheOptions } from './render-cache';

/**
 * Provides the renderer (kustomize looked up in the default order, no helm) and one shared render cache.
 * `forRoot` takes configured values (kustomize/helm paths, limits, cache size).
 */
@Module({
  providers: [
    { provide: ManifestRenderer, useFactory: () => new ManifestRenderer() },
    { provide: RenderCache, useFactory: () => new RenderCache() },
  ],
  exports: [ManifestRenderer, RenderCache],
})
export class RenderingModule {
  static forRoot(options: { renderer?: ManifestRendererOptions; cache?: RenderCacheOptions }): DynamicModule {
    return {
      module: RenderingModule,
      providers: [
        { provide: ManifestRenderer, useFactory: () => new ManifestRenderer(options.renderer) },
        { provide: RenderCache, useFactory: () => new RenderCache(options.cache) },
      ],
      exports: [ManifestRenderer, RenderCache],
    };
  }
}
