import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { type GitCredentials, GitMirrors, parseRepoUrl, type RevisionResolution } from '../git';

interface CachedResolution {
  /** The `sequence` of the look-up that produced it. */
  sequence: number;
  resolvedAt: number;
  /** Jittered lifetime, so repositories polled together do not stay in lockstep. */
  ttlMs: number;
  revisions: Map<string, RevisionResolution>;
}

/**
 * A repository not asked for in this many intervals (the longer of GIT_POLL_SECONDS and RECONCILE_INTERVAL_SECONDS;
 * every pass asks for each repository its applications read) is read by nothing here: what is known of it goes.
 */
export const FORGET_UNREAD_AFTER_INTERVALS = 5;

export interface ResolveOptions {
  /**
   * Force (refresh and manual sync): ignore the poll cache unless its answer comes from a look-up begun after this
   * `mark()`. A look-up already under way is still joined, so a burst of refreshes costs one ls-remote.
   */
  freshSince?: number;
}

/**
 * Resolves branches and tags to commits with at most one ls-remote per repository per poll interval, however
 * many applications ask (user need #25: no request storms on the Git server). Webhooks invalidate a repository;
 * forced callers look again, sharing one look-up among themselves, and the answer refreshes the cache for all.
 * A repository nothing asked for in FORGET_UNREAD_AFTER_INTERVALS intervals is forgotten (`forgetUnread`).
 */
@Injectable()
export class RevisionPoller {
  private readonly cache = new Map<string, CachedResolution>();
  /**
   * When each repository was last asked for (ms): those this replica's applications read, kept while a push drops their
   * cached answer (see `hasRead`). Only repositories asked for within the last FORGET_UNREAD_AFTER_INTERVALS intervals.
   */
  private readonly lastRead = new Map<string, number>();
  /** The sequence numbers of the look-ups under way, per repository (one entry per look-up). */
  private readonly inFlight = new Map<string, number[]>();
  private sequence = 0;
  /** When `forgetUnread` last looked. */
  private forgottenAt = 0;

  constructor(
    private readonly mirrors: GitMirrors,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A point in the order of look-ups: those begun after it have a greater sequence number. */
  mark(): number {
    return this.sequence;
  }

  /** Resolutions for every revision asked for one repository; throws a GitError when the repository fails. */
  async resolve(repoURL: string, revisions: string[], credentials?: GitCredentials, options: ResolveOptions = {}): Promise<Map<string, RevisionResolution>> {
    const key = parseRepoUrl(repoURL, true).normalized;
    const now = this.clock.now().getTime();
    this.lastRead.set(key, now);
    this.forgetUnread(now);
    const since = options.freshSince;
    const cached = this.cache.get(key);
    const usable = cached && (since === undefined ? this.isFresh(cached) : cached.sequence > since);
    if (usable && revisions.every((revision) => cached.revisions.has(revision))) return cached.revisions;
    // Concurrent callers, forced or not, share the ls-remote under way for the repository: the mirrors join them.
    return this.lookUp(key, repoURL, revisions, credentials);
  }

  /**
   * Whether this replica asked for one of these repositories (normalized URLs) lately: what it reads, even when a push
   * dropped the cached answer since. A push to a repository nothing here reads then costs nothing more.
   */
  hasRead(normalizedUrls: readonly string[]): boolean {
    const since = this.clock.now().getTime() - this.forgetAfterMs();
    return normalizedUrls.some((url) => (this.lastRead.get(url) ?? -Infinity) >= since);
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

  /**
   * Drops what is known of repositories not asked for lately (their applications were deleted, or moved to another
   * repository or replica), at most once an interval: at a look-up, which runs anyway, rather than on a timer.
   */
  private forgetUnread(now: number): void {
    const intervalMs = this.intervalMs();
    if (now - this.forgottenAt < intervalMs) return;
    this.forgottenAt = now;
    const since = now - this.forgetAfterMs();
    for (const [url, readAt] of this.lastRead) if (readAt < since) this.lastRead.delete(url);
    // An answer cached after its repository was forgotten (an ls-remote slower than the window) goes too.
    for (const url of this.cache.keys()) if (!this.lastRead.has(url)) this.cache.delete(url);
  }

  /** Each repository read is asked for once a pass at least, and looked up once a poll interval at least. */
  private intervalMs(): number {
    return Math.max(this.config.reconcile.gitPollSeconds, this.config.reconcile.intervalSeconds) * 1000;
  }

  private forgetAfterMs(): number {
    return FORGET_UNREAD_AFTER_INTERVALS * this.intervalMs();
  }

  private isFresh(cached: CachedResolution): boolean {
    return this.clock.now().getTime() - cached.resolvedAt < cached.ttlMs;
  }

  private async lookUp(key: string, repoURL: string, revisions: string[], credentials: GitCredentials | undefined): Promise<Map<string, RevisionResolution>> {
    const cached = this.cache.get(key);
    // Revisions others asked for while the cache is fresh are resolved too, so this answer serves them as well.
    const wanted = [...new Set([...(cached && this.isFresh(cached) ? cached.revisions.keys() : []), ...revisions])];
    const resolvedAt = this.clock.now().getTime();
    const running = this.inFlight.get(key) ?? [];
    // Joining an ls-remote already under way makes this answer only as fresh as the oldest look-up running.
    const sequence = Math.min(++this.sequence, ...running);
    running.push(sequence);
    this.inFlight.set(key, running);
    try {
      const resolved = await this.mirrors.resolveRevisions(repoURL, wanted, credentials);
      // An older look-up that ends late never replaces a newer answer.
      if ((this.cache.get(key)?.sequence ?? 0) <= sequence) {
        this.cache.set(key, { sequence, resolvedAt, ttlMs: this.config.reconcile.gitPollSeconds * 1000 * (0.9 + Math.random() * 0.2), revisions: resolved });
      }
      return resolved;
    } finally {
      running.splice(running.indexOf(sequence), 1);
      if (running.length === 0 && this.inFlight.get(key) === running) this.inFlight.delete(key);
    }
  }
}
