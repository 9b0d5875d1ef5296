import { Injectable } from '@nestjs/common';
import type { Application } from '../domain/application';
import { type GitCredentials, GitError } from '../git';
import { type KubernetesObject, RenderCache, SourceRenderer } from '../rendering';
import { RevisionPoller } from './revision-poller';

export interface DesiredState {
  /** The commit the revision resolved to. */
  sha: string;
  /** The rendered objects, shared with the render cache (frozen): copy them before changing anything. */
  objects: readonly KubernetesObject[];
}

export interface DesiredStateOptions {
  /** Resolve with a look-up begun after this `RevisionPoller.mark()`, not from the poll cache. */
  freshSince?: number;
  /** Render the source again instead of using its cached render (Argo CD's hard refresh). */
  hard?: boolean;
}

/**
 * An application's desired state at a revision: the branch, tag or SHA resolved to a commit (one ls-remote per
 * repository per poll interval) and its source rendered (once per commit and path). The reconcile worker applies
 * it; the rollout planner freezes it. Throws a GitError or RenderError when Git or the render fails.
 */
@Injectable()
export class DesiredStates {
  constructor(
    private readonly revisions: RevisionPoller,
    private readonly renderer: SourceRenderer<GitCredentials>,
    private readonly renderCache: RenderCache,
  ) {}

  async read(name: string, app: Application, revision: string, credentials: GitCredentials | undefined, options: DesiredStateOptions = {}): Promise<DesiredState> {
    const source = app.spec.source!;
    const resolution = (await this.revisions.resolve(source.repoURL, [revision], credentials, { freshSince: options.freshSince })).get(revision);
    if (!resolution?.ok) throw resolution?.error ?? new GitError('RevisionNotFound', `revision ${revision} not found`);
    if (options.hard) this.renderCache.forgetSource(source.repoURL, textField(source.path));
    const rendered = await this.renderer.render({
      repoURL: source.repoURL,
      sha: resolution.sha,
      source: { path: textField(source.path), directory: source.directory as never, kustomize: source.kustomize as never, helm: source.helm as never },
      // Only Helm reads these; leaving them out otherwise lets every cluster share one render per commit and path.
      destinationNamespace: source.helm ? (app.spec.destination.namespace ?? '') : '',
      appName: source.helm ? name : undefined,
      credentials,
    });
    return { sha: resolution.sha, objects: rendered.objects };
  }
}

/** A string field of an Argo CD source (targetRevision, path), '' when absent or not a string. */
export function textField(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
