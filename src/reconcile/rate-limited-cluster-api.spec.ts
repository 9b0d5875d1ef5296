import { describe, expect, it } from 'vitest';
import { FakeClock } from '../clock/fake-clock';
import type { ClusterApi } from '../sync';
import { TokenBucket } from '../common/token-bucket';
import { RateLimitedClusterApi } from './rate-limited-cluster-api';

describe('TokenBucket', () => {
  it.each([
    { name: 'the burst goes out at once', calls: 5, advanceMs: 0, rate: 10, burst: 5, lastDelay: 0 },
    { name: 'the call after the burst waits one interval', calls: 6, advanceMs: 0, rate: 10, burst: 5, lastDelay: 100 },
    { name: 'tokens come back with time', calls: 6, advanceMs: 100, rate: 10, burst: 5, lastDelay: 0 },
    { name: 'waiting grows with the queue', calls: 8, advanceMs: 0, rate: 10, burst: 5, lastDelay: 300 },
  ])('$name', async ({ calls, advanceMs, rate, burst, lastDelay }) => {
    const clock = new FakeClock();
    const bucket = new TokenBucket(rate, burst);
    let delay = 0;
    for (let i = 0; i < calls; i++) {
      if (i === burst) await clock.advance(advanceMs);
      delay = bucket.reserve(clock.now().getTime());
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
    const clock = new FakeClock();
    const bucket = new TokenBucket(20, 2);
    const api = new RateLimitedClusterApi(inner, () => bucket, clock);
    const calls = (async () => {
      for (let i = 0; i < 4; i++) await api.get({ apiVersion: 'v1', kind: 'ConfigMap', name: `c${i}` });
    })();
    await clock.advance(0);
    // Two free calls go out at once; the third waits 50 ms for its token, the fourth 50 ms more.
    expect(seen).toHaveLength(2);
    await clock.advance(49);
    expect(seen).toHaveLength(2);
    await clock.advance(1);
    expect(seen).toHaveLength(3);
    await clock.advance(50);
    await calls;
    expect(seen).toHaveLength(4);
  });
});
