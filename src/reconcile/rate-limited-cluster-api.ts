import type { Clock } from '../clock/clock';
import type { TokenBucket } from '../common/token-bucket';
import type { ClusterApi, DeleteOptions, KubeObject, ObjectRef } from '../sync';

/**
 * Every call to one cluster goes through its bucket, so a big sync never floods that cluster's API server. The bucket
 * is asked for at each call, not held: a full one may be dropped meanwhile (see `TokenBuckets`), and a holder would
 * then spend from a budget of its own beside the cluster's.
 */
export class RateLimitedClusterApi implements ClusterApi {
  constructor(
    private readonly inner: ClusterApi,
    private readonly bucket: (nowMs: number) => TokenBucket,
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
    const now = this.clock.now().getTime();
    const delay = this.bucket(now).reserve(now);
    if (delay > 0) await this.clock.sleep(delay);
  }
}
