import { describe, expect, it } from 'vitest';
import { shardOf } from './jump-hash';

const keys = Array.from({ length: 4000 }, (_, i) => `cluster-${i}`);

describe('shardOf (jump consistent hash)', () => {
  it('is deterministic and in range', () => {
    for (const key of keys.slice(0, 100)) {
      const shard = shardOf(key, 16);
      expect(shard).toBe(shardOf(key, 16));
      expect(shard).toBeGreaterThanOrEqual(0);
      expect(shard).toBeLessThan(16);
    }
  });

  it('spreads keys evenly (each of 16 shards within 25 % of the mean)', () => {
    const counts = new Array<number>(16).fill(0);
    for (const key of keys) counts[shardOf(key, 16)]++;
    for (const count of counts) expect(Math.abs(count - 250)).toBeLessThan(63);
  });

  it('moves only about 1/(n+1) of the keys when a shard is added', () => {
    const moved = keys.filter((key) => shardOf(key, 16) !== shardOf(key, 17)).length;
    expect(moved / keys.length).toBeGreaterThan(0.03);
    expect(moved / keys.length).toBeLessThan(0.09);
  });

  it.each([0, -1, 1.5])('refuses %s buckets', (buckets) => {
    expect(() => shardOf('x', buckets)).toThrow(RangeError);
  });

  it('puts everything in shard 0 when there is one shard', () => {
    expect(new Set(keys.slice(0, 50).map((key) => shardOf(key, 1)))).toEqual(new Set([0]));
  });
});
