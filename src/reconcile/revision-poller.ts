import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { type GitCredentials, GitMirrors, parseRepoUrl, type RevisionResolution } from '../git';

interface CachedResolution {
  resolvedAt: number;
  /** Jittered lifetime, so repositories polled together do not stay in lockstep. */
  ttlMs: number;
  revisions: Map<string, RevisionResolution>;
}

/**
 * Resolves branches and tags to commits with at most one ls-remote per repository per poll interval, however
 * many applications ask (user need #25: no request storms on the Git server). Webhooks invalidate a repository.
 */
@Injectable()
export class RevisionPoller {
  private readonly cache = new Map<string, CachedResolution>();

  constructor(
    private readonly mirrors: GitMirrors,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Resolutions for every revision asked for one repository; throws a GitError when the repository fails. */
  async resolve(repoURL: string, revisions: string[], credentials?: GitCredentials): Promise<Map<string, RevisionResolution>> {
    const key = parseRepoUrl(repoURL, true).normalized;
    const now = this.clock.now().getTime();
    const cached = this.cache.get(key);
    const fresh = cached && now - cached.resolvedAt < cached.ttlMs;
    if (fresh && revisions.every((revision) => cached.revisions.has(revision))) return cached.revisions;
    const wanted = [...new Set([...(fresh ? cached.revisions.keys() : []), ...revisions])];
    const resolved = await this.mirrors.resolveRevisions(repoURL, wanted, credentials);
    const ttlMs = this.config.reconcile.gitPollSeconds * 1000 * (0.9 + Math.random() * 0.2);
    this.cache.set(key, { resolvedAt: now, ttlMs, revisions: resolved });
    return resolved;
  }

  /** Forgets what is known of the repositories matching `normalizedUrls` (a push arrived). */
  invalidate(normalizedUrls: string[]): number {
    let dropped = 0;
    for (const url of normalizedUrls) if (this.cache.delete(url)) dropped++;
    return dropped;
  }

  knownRepositories(): string[] {
    return [...this.cache.keys()];
  }
}
