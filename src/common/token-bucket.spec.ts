import { describe, expect, it } from 'vitest';
import { TokenBucket, TokenBuckets } from './token-bucket';

describe('TokenBucket.isFull', () => {
  it.each([
    { name: 'new', spent: 0, afterMs: 0, full: true },
    { name: 'one token spent', spent: 1, afterMs: 0, full: false },
    { name: 'refilling', spent: 4, afterMs: 300, full: false },
    { name: 'refilled to its burst', spent: 4, afterMs: 400, full: true },
    { name: 'overdrawn, refilled', spent: 7, afterMs: 700, full: true },
  ])('$name → $full', ({ spent, afterMs, full }) => {
    const bucket = new TokenBucket(10, 4);
    for (let i = 0; i < spent; i++) bucket.reserve(0);
    expect(bucket.isFull(afterMs)).toBe(full);
  });
});

describe('TokenBuckets', () => {
  it('hands out one bucket per key', () => {
    const buckets = new TokenBuckets(10, 4);
    const a = buckets.for('a', 0);
    expect(buckets.for('a', 0)).toBe(a);
    expect(buckets.for('b', 0)).not.toBe(a);
  });

  it('drops full buckets once the map has doubled, and keeps the ones still refilling', () => {
    const buckets = new TokenBuckets(1, 4);
    // 64 clusters: 32 spent a token at 1 s (refilling for a second more at 1.5 s), 32 spent theirs at 0 s (full again).
    for (let i = 0; i < 64; i++) buckets.for(`c${i}`, 0).reserve(i < 32 ? 1_000 : 0);
    const refilling = buckets.for('c0', 1_500);
    expect(buckets.size).toBe(64);
    buckets.for('new', 1_500);
    expect(buckets.size).toBe(33);
    expect(buckets.for('c0', 1_500)).toBe(refilling);
    // The next look: when the map holds twice the 32 kept (64) again; by then every bucket has refilled.
    for (let i = 0; i < 31; i++) buckets.for(`d${i}`, 10_000);
    expect(buckets.size).toBe(64);
    buckets.for('e', 10_000);
    expect(buckets.size).toBe(1);
  });

  it('looks again only once the map has doubled when most buckets are in use', () => {
    const buckets = new TokenBuckets(1, 4);
    for (let i = 0; i < 64; i++) buckets.for(`c${i}`, 0).reserve(0);
    buckets.for('new', 0);
    expect(buckets.size).toBe(65);
    for (let i = 0; i < 63; i++) buckets.for(`d${i}`, 0);
    expect(buckets.size).toBe(128);
    buckets.for('e', 0);
    expect(buckets.size).toBe(65);
  });
});
