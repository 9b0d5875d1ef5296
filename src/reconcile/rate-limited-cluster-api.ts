import type { Clock } from '../clock/clock';
import type { ClusterApi, DeleteOptions, KubeObject, ObjectRef } from '../sync';

/** A token bucket: `ratePerSecond` steady, up to `burst` at once. */
export class TokenBucket {
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly clock: Clock,
  ) {
    this.tokens = burst;
    this.refilledAt = clock.now().getTime();
  }

  /** Milliseconds to wait before the next call may go out (0 when a token is free); takes the token. */
  reserve(): number {
    const now = this.clock.now().getTime();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.refilledAt) / 1000) * this.ratePerSecond);
    this.refilledAt = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.ratePerSecond) * 1000);
  }
}

/** Every call to one cluster goes through its bucket, so a big sync never floods that cluster's API server. */
export class RateLimitedClusterApi implements ClusterApi {
  constructor(
    private readonly inner: ClusterApi,
    private readonly bucket: TokenBucket,
    private readonly clock: Clock,
  ) {}

  isNamespaced(apiVersion: string, kind: string): Promise<boolean | undefined> {
    // Answered from the discovery cache after the first call per kind; throttling it would only add latency.
    return this.inner.isNamespaced(apiVersion, kind);
  }

  async get(ref: ObjectRef): Promise<KubeObject | undefined> {
    await this.wait();
    return this.inner.get(ref);
  }

  async list(apiVersion: string, kind: string, labelSelector: string): Promise<KubeObject[]> {
    await this.wait();
    return this.inner.list(apiVersion, kind, labelSelector);
  }

  async apply(obj: KubeObject, options: { readonly dryRun: boolean }): Promise<KubeObject> {
    await this.wait();
    return this.inner.apply(obj, options);
  }

  async delete(ref: ObjectRef, options: DeleteOptions): Promise<void> {
    await this.wait();
    return this.inner.delete(ref, options);
  }

  private async wait(): Promise<void> {
    const delay = this.bucket.reserve();
    if (delay > 0) await this.clock.sleep(delay);
  }
}
