import type { ApplicationSource, RenderedManifests } from './application-source';
import type { ManifestRenderer } from './manifest-renderer';
import type { RenderCache } from './render-cache';

/** The one thing rendering needs from Git (GitMirrors fits it): a disposable checkout of a commit. */
export interface SourceCheckouts<Credentials> {
  materialize(repoURL: string, sha: string, path: string, options?: { credentials?: Credentials }): Promise<{ root: string; dispose(): Promise<void> }>;
}

export interface SourceRenderRequest<Credentials> {
  readonly repoURL: string;
  /** A resolved commit SHA (never a branch: the cache key must not move). */
  readonly sha: string;
  readonly source: ApplicationSource;
  readonly destinationNamespace: string;
  readonly appName?: string;
  readonly credentials?: Credentials;
}

/** Renders an application's source at a commit: cache first, otherwise check out, render, clean up. */
export class SourceRenderer<Credentials> {
  constructor(
    private readonly checkouts: SourceCheckouts<Credentials>,
    private readonly renderer: ManifestRenderer,
    private readonly cache: RenderCache,
  ) {}

  async render(request: SourceRenderRequest<Credentials>): Promise<RenderedManifests> {
    const { path, ...sourceOptions } = request.source;
    // Everything that can change the output is in the key; credentials cannot, so they stay out of it.
    const key = {
      repoURL: request.repoURL,
      sha: request.sha,
      path,
      options: { ...sourceOptions, destinationNamespace: request.destinationNamespace, appName: request.appName },
    };
    return this.cache.getOrRender(key, async () => {
      const checkout = await this.checkouts.materialize(request.repoURL, request.sha, path, { credentials: request.credentials });
      try {
        return await this.renderer.render({
          tree: { kind: 'directory', root: checkout.root },
          source: request.source,
          destinationNamespace: request.destinationNamespace,
          appName: request.appName,
        });
      } finally {
        await checkout.dispose();
      }
    });
  }
}
