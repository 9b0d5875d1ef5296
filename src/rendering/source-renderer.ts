import { type RenderRecorder, secondsSince } from '../metrics/recorders';
import { valueFileRef } from '../render-tools/helm-value-files';
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
  /** With multiple sources: the `ref` sources of the application, each at its resolved commit. */
  readonly refs?: readonly RefCheckout<Credentials>[];
}

/** A `ref` source (Argo CD multiple sources): a repository at a commit whose files `$name/...` value files read. */
export interface RefCheckout<Credentials> {
  readonly name: string;
  readonly repoURL: string;
  readonly sha: string;
  readonly credentials?: Credentials;
}

/** Renders an application's source at a commit: cache first, otherwise check out, render, clean up. */
export class SourceRenderer<Credentials> {
  constructor(
    private readonly checkouts: SourceCheckouts<Credentials>,
    private readonly renderer: ManifestRenderer,
    private readonly cache: RenderCache,
    private readonly recorder?: RenderRecorder,
  ) {}

  async render(request: SourceRenderRequest<Credentials>): Promise<RenderedManifests> {
    const { path, ...sourceOptions } = request.source;
    // Only the refs its value files name are checked out (Argo CD's getReferencedSources); an unnamed one changes nothing.
    const refs = request.refs && referencedRefs(request.refs, request.source.helm?.valueFiles ?? []);
    // Everything that can change the output is in the key; credentials cannot, so they stay out of it.
    const key = {
      repoURL: request.repoURL,
      sha: request.sha,
      path,
      options: {
        ...sourceOptions,
        destinationNamespace: request.destinationNamespace,
        appName: request.appName,
        ...(refs ? { refs: refs.map((ref) => [ref.name, ref.repoURL, ref.sha]) } : {}),
      },
    };
    // Timed inside the cache: a hit costs nothing worth measuring, a miss is the checkout plus the tool run.
    return this.cache.getOrRender(key, async () => {
      const started = process.hrtime.bigint();
      try {
        const rendered = await this.renderCheckouts(request, refs);
        this.recorder?.rendered(rendered.tool, 'success', secondsSince(started));
        return rendered;
      } catch (error) {
        // The tool is known only from a result; a failure is labelled by its outcome alone.
        this.recorder?.rendered('none', 'failure', secondsSince(started));
        throw error;
      }
    });
  }

  /** Checks out the source and the refs its value files name, renders, and removes the checkouts. */
  private async renderCheckouts(request: SourceRenderRequest<Credentials>, refs: RefCheckout<Credentials>[] | undefined): Promise<RenderedManifests> {
    const checkouts: { dispose(): Promise<void> }[] = [];
    try {
      const checkout = await this.checkouts.materialize(request.repoURL, request.sha, request.source.path, { credentials: request.credentials });
      checkouts.push(checkout);
      const refRoots = new Map<string, string>();
      for (const ref of refs ?? []) {
        const refCheckout = await this.checkouts.materialize(ref.repoURL, ref.sha, '', { credentials: ref.credentials });
        checkouts.push(refCheckout);
        refRoots.set(ref.name, refCheckout.root);
      }
      return await this.renderer.render({
        tree: { kind: 'directory', root: checkout.root },
        source: request.source,
        destinationNamespace: request.destinationNamespace,
        appName: request.appName,
        refRoots: refs ? refRoots : undefined,
      });
    } finally {
      await Promise.all(checkouts.map((checkout) => checkout.dispose()));
    }
  }
}

/** The refs named by `$name/...` value files, in a stable order. */
function referencedRefs<Credentials>(refs: readonly RefCheckout<Credentials>[], valueFiles: readonly string[]): RefCheckout<Credentials>[] {
  const named = new Set(valueFiles.map(valueFileRef).filter((name) => name !== undefined));
  return refs.filter((ref) => named.has(ref.name)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
