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

  private refill(nowMs: number): void {
    if (this.refilledAt !== undefined) this.tokens = Math.min(this.burst, this.tokens + Math.max(0, nowMs - this.refilledAt) * this.tokensPerMs);
    this.refilledAt = nowMs;
  }
}
