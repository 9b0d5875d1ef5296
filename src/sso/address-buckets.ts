import { isIPv4, isIPv6 } from 'node:net';
import { TokenBucket } from '../common/token-bucket';

/**
 * A token bucket per client (`src/common/token-bucket.ts`): `perMinute` steady, up to `burst` at once. At most
 * `maxAddresses` buckets are kept, the one used longest ago forgotten first (a Map keeps insertion order, and each use
 * moves a bucket to the end), so memory stays bounded whatever the number of clients. A forgotten client comes back
 * with a full bucket: the bound is on memory, not a promise that no client ever gets more than its share.
 */
export class AddressBuckets {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly perMinute: number,
    private readonly burst: number,
    private readonly maxAddresses: number,
  ) {}

  /** 0 when the client may go on (a token is taken), else the milliseconds until a token is there (none is taken). */
  take(client: string, nowMs: number): number {
    let bucket = this.buckets.get(client);
    if (bucket) this.buckets.delete(client);
    else {
      bucket = new TokenBucket(this.perMinute / 60, this.burst);
      if (this.buckets.size >= this.maxAddresses) this.buckets.delete(this.buckets.keys().next().value!);
    }
    this.buckets.set(client, bucket);
    return bucket.tryTake(nowMs);
  }

  get size(): number {
    return this.buckets.size;
  }
}

/**
 * The client a request is counted as: its IPv4 address (an IPv4-mapped IPv6 address included), or the /64 of an IPv6
 * address, since one host or site routinely holds a whole /64 and could otherwise change its address per request.
 */
export function clientOf(address: string | undefined): string {
  if (address === undefined || address === '') return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped !== undefined && isIPv4(mapped)) return mapped;
  const plain = address.replace(/%.*$/, '');
  if (!isIPv6(plain)) return address;
  return `${ipv6Hextets(plain).slice(0, 4).join(':')}::/64`;
}

/** The eight hextets of a valid IPv6 address, `::` expanded and leading zeros dropped (an embedded IPv4 tail counts as two). */
function ipv6Hextets(address: string): string[] {
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const parts = (text: string | undefined) => (text ? text.split(':') : []);
  const width = (list: string[]) => list.reduce((sum, part) => sum + (part.includes('.') ? 2 : 1), 0);
  const before = parts(head);
  const after = parts(tail);
  const zeros = tail === undefined ? [] : Array<string>(8 - width(before) - width(after)).fill('0');
  return [...before, ...zeros, ...after].map((part) => (part.includes('.') ? part : parseInt(part, 16).toString(16)));
}
