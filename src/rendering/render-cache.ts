import { createHash } from 'node:crypto';
import { deepFreeze, stableStringify } from '../common/json';
import type { RenderedManifests } from './application-source';

/** What makes two renders the same: the commit, the path and every rendering option. */
export interface RenderCacheKey {
  readonly repoURL: string;
  readonly sha: string;
  readonly path: string;
  /** `spec.source` options, the destination namespace, the tool versions: anything that changes output. */
  readonly options?: unknown;
}

export interface RenderCacheOptions {
  /** Default 500 entries. */
  readonly maxEntries?: number;
  /** Default 256 MiB, measured as the JSON size of the objects. A larger single result is not cached. */
  readonly maxBytes?: number;
}

interface Entry {
  readonly value: RenderedManifests;
  readonly bytes: number;
  /** The repository and path it was rendered from, for `forgetSource`. */
  readonly source: string;
}

/**
 * Rendered manifests by commit. Concurrent requests for one key share a single render; results are
 * deep-frozen because every caller gets the same objects. Failures are not cached (a timeout may pass).
 */
export class RenderCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<RenderedManifests>>();
  private bytes = 0;
  private hits = 0;
  private misses = 0;

  constructor(private readonly options: RenderCacheOptions = {}) {}

  async getOrRender(key: RenderCacheKey, render: () => Promise<RenderedManifests>): Promise<RenderedManifests> {
    const id = cacheId(key);
    const cached = this.entries.get(id);
    if (cached) {
      this.hits += 1;
      // Re-inserting moves the entry to the young end of the Map's order: that order is the LRU list.
      this.entries.delete(id);
      this.entries.set(id, cached);
      return cached.value;
    }
    const pending = this.inflight.get(id);
    if (pending) {
      this.hits += 1;
      return pending;
    }
    this.misses += 1;
    const rendering = render()
      .then((value) => {
        const frozen = deepFreeze(value);
        this.store(id, sourceId(key.repoURL, key.path), frozen);
        return frozen;
      })
      .finally(() => this.inflight.delete(id));
    this.inflight.set(id, rendering);
    return rendering;
  }

  /**
   * Drops every stored render of one source (all commits and options), so the next request renders again:
   * Argo CD's hard refresh, for output that depends on more than the commit (remote bases, the tool itself).
   * A render already under way is still shared: it began at most one render ago.
   */
  forgetSource(repoURL: string, path: string): number {
    const source = sourceId(repoURL, path);
    let dropped = 0;
    for (const [id, entry] of this.entries) {
      if (entry.source !== source) continue;
      this.entries.delete(id);
      this.bytes -= entry.bytes;
      dropped += 1;
    }
    return dropped;
  }

  stats(): { hits: number; misses: number; entries: number; bytes: number } {
    return { hits: this.hits, misses: this.misses, entries: this.entries.size, bytes: this.bytes };
  }

  private store(id: string, source: string, value: RenderedManifests): void {
    const bytes = Buffer.byteLength(JSON.stringify(value.objects));
    const maxBytes = this.options.maxBytes ?? 256 * 1024 * 1024;
    const maxEntries = this.options.maxEntries ?? 500;
    if (bytes > maxBytes || maxEntries < 1) return;
    this.entries.set(id, { value, bytes, source });
    this.bytes += bytes;
    for (const [oldId, entry] of this.entries) {
      if (this.entries.size <= maxEntries && this.bytes <= maxBytes) break;
      this.entries.delete(oldId);
      this.bytes -= entry.bytes;
    }
  }
}

/** A stable hash of the key: object keys are sorted, so `{a, b}` and `{b, a}` options are one entry. */
export function cacheId(key: RenderCacheKey): string {
  return createHash('sha256').update(stableStringify([key.repoURL, key.sha, key.path, key.options ?? null])).digest('hex');
}

function sourceId(repoURL: string, path: string): string {
  return JSON.stringify([repoURL, path]);
}
