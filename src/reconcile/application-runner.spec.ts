import { describe, expect, it } from 'vitest';
import type { ApplicationEntity } from '../database/entities/application.entity';
import { ownsNoHubObjects } from './application-runner';

const read = (ownsHubObjects: boolean) => ({ row: {} as ApplicationEntity, destination: null, ownsHubObjects });

describe('ownsNoHubObjects: what the row said about hub objects, as of the lease a reconcile runs under', () => {
  const lease = { shard: 2, epoch: '5' };

  it('holds when the shard was held at the same epoch before the row was read', () => {
    expect(ownsNoHubObjects(read(false), new Map([[2, '5']]), lease)).toBe(true);
  });

  it('counts for nothing under a lease taken after the read (the previous holder may have adopted meanwhile)', () => {
    expect(ownsNoHubObjects(read(false), new Map(), lease)).toBe(false);
    expect(ownsNoHubObjects(read(false), new Map([[2, '4']]), lease)).toBe(false);
  });

  it('is false for an application that owns hub objects', () => {
    expect(ownsNoHubObjects(read(true), new Map([[2, '5']]), lease)).toBe(false);
  });
});
