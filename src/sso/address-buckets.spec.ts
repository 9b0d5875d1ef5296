import { describe, expect, it } from 'vitest';
import { AddressBuckets, clientOf } from './address-buckets';

describe('AddressBuckets', () => {
  it('lets a burst through at once, then one request per refill interval, telling the wait without taking a token', () => {
    const buckets = new AddressBuckets(6, 3, 100); // one token every 10 s
    expect([0, 0, 0].map(() => buckets.take('a', 0))).toEqual([0, 0, 0]);
    expect(buckets.take('a', 0)).toBe(10_000);
    // A refused request took nothing: the wait only shrinks as time passes.
    expect(buckets.take('a', 4_000)).toBe(6_000);
    expect(buckets.take('a', 10_000)).toBe(0);
    expect(buckets.take('a', 10_000)).toBe(10_000);
    // Other clients have their own buckets.
    expect(buckets.take('b', 10_000)).toBe(0);
  });

  it('refills up to the burst and no further, and a clock set back refills nothing', () => {
    const buckets = new AddressBuckets(60, 2, 100);
    buckets.take('a', 0);
    buckets.take('a', 0);
    expect(buckets.take('a', 3_600_000)).toBe(0);
    expect(buckets.take('a', 3_600_000)).toBe(0);
    expect(buckets.take('a', 3_600_000)).toBe(1_000);
    expect(buckets.take('a', 0)).toBe(1_000);
  });

  it('keeps at most maxAddresses buckets, forgetting the one used longest ago', () => {
    const buckets = new AddressBuckets(1, 1, 3);
    for (const client of ['a', 'b', 'c']) expect(buckets.take(client, 0)).toBe(0);
    // a is used again (refused), so b is now the one used longest ago.
    expect(buckets.take('a', 0)).toBeGreaterThan(0);
    expect(buckets.take('d', 0)).toBe(0);
    expect(buckets.size).toBe(3);
    // b was forgotten: it starts again with a full bucket; a and c were kept, still empty.
    expect(buckets.take('b', 0)).toBe(0);
    expect(buckets.take('a', 0)).toBeGreaterThan(0);
    expect(buckets.size).toBe(3);
  });
});

describe('clientOf', () => {
  it.each([
    { name: 'an IPv4 address is itself', address: '203.0.113.7', client: '203.0.113.7' },
    { name: 'an IPv4-mapped IPv6 address is the IPv4 address', address: '::ffff:203.0.113.7', client: '203.0.113.7' },
    { name: 'IPv6 counts per /64', address: '2001:db8:1:2:aaaa:bbbb:cccc:dddd', client: '2001:db8:1:2::/64' },
    { name: 'another address of the same /64 is the same client', address: '2001:0db8:0001:0002::1', client: '2001:db8:1:2::/64' },
    { name: 'a compressed prefix is expanded', address: '2001:db8::1', client: '2001:db8:0:0::/64' },
    { name: 'loopback', address: '::1', client: '0:0:0:0::/64' },
    { name: 'a zone is dropped', address: 'fe80::1%eth0', client: 'fe80:0:0:0::/64' },
    { name: 'no address (the socket is gone)', address: undefined, client: 'unknown' },
  ])('$name', ({ address, client }) => {
    expect(clientOf(address)).toBe(client);
  });
});
