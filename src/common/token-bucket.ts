/**
 * A token bucket: `ratePerSecond` steady, up to `burst` at once, full to start with. The caller says what time it is
 * (milliseconds, from its Clock); a clock set back refills nothing rather than taking tokens away. Two ways to spend:
 * `reserve` for callers that wait their turn (the reconciler's calls to one cluster), `tryTake` for callers that turn
 * a request away (the sign-in rate limit).
 */
export class TokenBucket {
  private tokens: number;
  private refilledAt: number | undefined;
  private readonly tokensPerMs: number;

  constructor(ratePerSecond: number, private readonly burst: number) {
    this.tokens = burst;
    this.tokensPerMs = ratePerSecond / 1000;
  }

  /** Takes a token, there or not: the milliseconds to wait before using it (0 when one was free). */
  reserve(nowMs: number): number {
    this.refill(nowMs);
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil(-this.tokens / this.tokensPerMs);
  }

  /** Takes a token when one is there (0); else the milliseconds until one is, taking nothing. */
  tryTake(nowMs: number): number {
    this.refill(nowMs);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - this.tokens) / this.tokensPerMs);
  }

  /** Whether the bucket has refilled to its burst: it then behaves exactly as a new one. */
  isFull(nowMs: number): boolean {
    this.refill(nowMs);
    return this.tokens >= this.burst;
  }

  private refill(nowMs: number): void {
    if (this.refilledAt !== undefined) this.tokens = Math.min(this.burst, this.tokens + Math.max(0, nowMs - this.refilledAt) * this.tokensPerMs);
    this.refilledAt = nowMs;
  }
}

/** Below this many buckets none is dropped: looking for full ones would cost more than they weigh. */
const MIN_BUCKETS_BEFORE_PRUNING = 64;

/**
 * One `TokenBucket` per key (the reconciler's: one per cluster), same rate and burst. A bucket that has refilled to its
 * burst is the same as a new one, so full buckets are dropped each time the map has doubled since the last look (at
 * least 64 buckets): it never holds more than 64, or twice the buckets that were not full at the last look. Keys no
 * longer used (a cluster deleted, or its shard moved to another replica) go at the next look after one refill time
 * (burst / rate). Callers ask for the bucket at each spend rather than hold it (`RateLimitedClusterApi`): one held
 * across a drop would be a second budget for its key.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, TokenBucket>();
  private pruneAtSize = MIN_BUCKETS_BEFORE_PRUNING;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
  ) {}

  /** The key's bucket, a new (full) one when it has none. */
  for(key: string, nowMs: number): TokenBucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.pruneAtSize) this.dropFull(nowMs);
      bucket = new TokenBucket(this.ratePerSecond, this.burst);
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  get size(): number {
    return this.buckets.size;
  }

  private dropFull(nowMs: number): void {
    for (const [key, bucket] of this.buckets) if (bucket.isFull(nowMs)) this.buckets.delete(key);
    this.pruneAtSize = Math.max(MIN_BUCKETS_BEFORE_PRUNING, 2 * this.buckets.size);
  }
}
