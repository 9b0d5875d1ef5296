import { createHash } from 'node:crypto';

/**
 * Jump consistent hash (Lamping & Veach): maps a key to one of `buckets` shards so that growing the shard count
 * from n to n+1 moves only 1/(n+1) of the keys. The key is first reduced to 64 bits with SHA-256.
 */
export function shardOf(key: string, buckets: number): number {
  if (!Number.isInteger(buckets) || buckets < 1) throw new RangeError('buckets must be a positive integer');
  let state = createHash('sha256').update(key, 'utf8').digest().readBigUInt64BE(0);
  let bucket = -1;
  let next = 0;
  while (next < buckets) {
    bucket = next;
    state = (state * 2862933555777941757n + 1n) & 0xffffffffffffffffn;
    next = Math.floor(((bucket + 1) * 2 ** 31) / (Number(state >> 33n) + 1));
  }
  return bucket;
}
