import { Injectable } from '@nestjs/common';
import { type Application, type ApplicationSource, applicationSources, hasMultipleSources } from '../domain/application';
import { type GitCredentials, GitError } from '../git';
import { type KubernetesObject, type RefCheckout, RenderCache, SourceRenderer } from '../rendering';
import { RevisionPoller } from './revision-poller';

export interface DesiredState {
  /** The commit the revision resolved to (the first source's, with multiple sources). */
  sha: string;
  /** With `spec.sources`: every source's commit, in their order. */
  shas?: string[];
  /** The rendered objects, shared with the render cache (frozen): copy them before changing anything. */
  objects: readonly KubernetesObject[];
  /** With multiple sources: objects more than one source rendered (`group/kind/namespace/name`), the later one kept. */
  repeated?: string[];
}

export interface DesiredStateOptions {
  /** Resolve with a look-up begun after this `RevisionPoller.mark()`, not from the poll cache. */
  freshSince?: number;
  /** Render the source again instead of using its cached render (Argo CD's hard refresh). */
  hard?: boolean;
}

/** Each repository's credentials, looked up by its URL. */
export type CredentialsFor = (repoURL: string) => Promise<GitCredentials | undefined>;

/**
 * An application's desired state at a revision: the branch, tag or SHA resolved to a commit (one ls-remote per
 * repository per poll interval) and its source rendered (once per commit and path). With `spec.sources` every source
 * is resolved at its own targetRevision and rendered, `ref`-only sources excepted, and the objects are combined; the
 * last source to render an object wins, as in Argo CD. The reconcile worker applies it; the rollout planner freezes
 * it. Throws a GitError or RenderError when Git or a render fails.
 */
@Injectable()
export class DesiredStates {
  constructor(
    private readonly revisions: RevisionPoller,
    private readonly renderer: SourceRenderer<GitCredentials>,
    private readonly renderCache: RenderCache,
  ) {}

  /** `revision` replaces the targetRevision of a single source (a manual sync, a rollout's frozen commit). */
  async read(name: string, app: Application, revision: string | undefined, credentialsFor: CredentialsFor, options: DesiredStateOptions = {}): Promise<DesiredState> {
    if (!hasMultipleSources(app.spec)) {
      const source = app.spec.source!;
      const sha = await this.resolve(source, revision ?? targetRevisionOf(source), credentialsFor, options);
      return { sha, objects: await this.renderSource(name, app, source, sha, undefined, credentialsFor, options) };
    }
    const sources = applicationSources(app.spec);
    const shas: string[] = [];
    for (const source of sources) shas.push(await this.resolve(source, targetRevisionOf(source), credentialsFor, options));
    const refs: RefCheckout<GitCredentials>[] = [];
    for (const [index, source] of sources.entries()) {
      if (typeof source.ref === 'string' && source.ref !== '') refs.push({ name: source.ref, repoURL: source.repoURL, sha: shas[index], credentials: await credentialsFor(source.repoURL) });
    }
    const rendered: (readonly KubernetesObject[])[] = [];
    for (const [index, source] of sources.entries()) {
      // A ref without a path only lends its files to other sources (Argo CD skips its manifest generation).
      if (isRefOnly(source)) continue;
      rendered.push(await this.renderSource(name, app, source, shas[index], refs, credentialsFor, options));
    }
    return { sha: shas[0], shas, ...lastWins(rendered, app.spec.destination.namespace ?? '') };
  }

  private async resolve(source: ApplicationSource, revision: string, credentialsFor: CredentialsFor, options: DesiredStateOptions): Promise<string> {
    const credentials = await credentialsFor(source.repoURL);
    const resolution = (await this.revisions.resolve(source.repoURL, [revision], credentials, { freshSince: options.freshSince })).get(revision);
    if (!resolution?.ok) throw resolution?.error ?? new GitError('RevisionNotFound', `revision ${revision} not found`);
    return resolution.sha;
  }

  private async renderSource(
    name: string,
    app: Application,
    source: ApplicationSource,
    sha: string,
    refs: RefCheckout<GitCredentials>[] | undefined,
    credentialsFor: CredentialsFor,
    options: DesiredStateOptions,
  ): Promise<readonly KubernetesObject[]> {
    if (options.hard) this.renderCache.forgetSource(source.repoURL, textField(source.path));
    const rendered = await this.renderer.render({
      repoURL: source.repoURL,
      sha,
      source: { path: textField(source.path), directory: source.directory as never, kustomize: source.kustomize as never, helm: source.helm as never },
      // Only Helm reads these; leaving them out otherwise lets every cluster share one render per commit and path.
      destinationNamespace: source.helm ? (app.spec.destination.namespace ?? '') : '',
      appName: source.helm ? name : undefined,
      credentials: await credentialsFor(source.repoURL),
      refs,
    });
    return rendered.objects;
  }
}

/** A string field of an Argo CD source (targetRevision, path), '' when absent or not a string. */
export function textField(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function targetRevisionOf(source: ApplicationSource): string {
  return textField(source.targetRevision) || 'HEAD';
}

function isRefOnly(source: ApplicationSource): boolean {
  return textField(source.ref) !== '' && textField(source.path) === '';
}

/**
 * The objects of every source in order; an object rendered again by a later source replaces the earlier one. An
 * object without a namespace lands in the destination namespace, so it is the same object as one that names it.
 */
function lastWins(rendered: readonly (readonly KubernetesObject[])[], destinationNamespace: string): { objects: KubernetesObject[]; repeated: string[] } {
  const byKey = new Map<string, KubernetesObject>();
  const repeated = new Set<string>();
  for (const objects of rendered) {
    for (const object of objects) {
      const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : '';
      const key = `${group}/${object.kind}/${object.metadata.namespace || destinationNamespace}/${object.metadata.name ?? ''}`;
      if (byKey.delete(key)) repeated.add(key);
      byKey.set(key, object);
    }
  }
  return { objects: [...byKey.values()], repeated: [...repeated] };
}
