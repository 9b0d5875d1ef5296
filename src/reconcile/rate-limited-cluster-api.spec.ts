import { describe, expect, it } from 'vitest';
import type { ClusterApi } from '../sync';
import { RateLimitedClusterApi, TokenBucket } from './rate-limited-cluster-api';

describe('TokenBucket', () => {
  it.each([
    { name: 'the burst goes out at once', calls: 5, advanceMs: 0, rate: 10, burst: 5, lastDelay: 0 },
    { name: 'the call after the burst waits one interval', calls: 6, advanceMs: 0, rate: 10, burst: 5, lastDelay: 100 },
    { name: 'tokens come back with time', calls: 6, advanceMs: 100, rate: 10, burst: 5, lastDelay: 0 },
    { name: 'waiting grows with the queue', calls: 8, advanceMs: 0, rate: 10, burst: 5, lastDelay: 300 },
  ])('$name', ({ calls, advanceMs, rate, burst, lastDelay }) => {
    let now = 0;
    const bucket = new TokenBucket(rate, burst, () => now);
    let delay = 0;
    for (let i = 0; i < calls; i++) {
      if (i === burst) now += advanceMs;
      delay = bucket.reserve();
    }
    expect(delay).toBe(lastDelay);
  });
});

describe('RateLimitedClusterApi', () => {
  it('spaces calls beyond the burst and passes every call through', async () => {
    const seen: string[] = [];
    const inner = {
      isNamespaced: async () => true,
      get: async () => {
        seen.push('get');
        return undefined;
      },
      list: async () => [],
      apply: async (obj: never) => obj,
      delete: async () => undefined,
    } as unknown as ClusterApi;
    const api = new RateLimitedClusterApi(inner, new TokenBucket(20, 2));
    const started = Date.now();
    for (let i = 0; i < 4; i++) await api.get({ apiVersion: 'v1', kind: 'ConfigMap', name: `c${i}` });
    expect(seen).toHaveLength(4);
    // Two free calls, then two more at 20 per second: at least ~100 ms in all.
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
  });
});
