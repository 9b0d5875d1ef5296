import { beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../clock/fake-clock';
import type { AppConfig } from '../config/app-config';
import { FleetEvents } from '../events/fleet-events';
import type { ShardOwnershipService } from '../sharding/shard-ownership.service';
import type { ReconcileTriggers } from './reconcile.triggers';
import { SettlingFollowUps } from './settling-follow-ups';

describe('SettlingFollowUps', () => {
  let clock: FakeClock;
  let events: FleetEvents;
  let followUps: SettlingFollowUps;
  let looks: { name: string; at: number }[];
  let held: Set<string>;

  const reconciled = (settling: boolean, options: { name?: string; rollout?: boolean } = {}) =>
    events.emit({ kind: 'application-reconciled', name: options.name ?? 'web', cluster: 'c1', changed: true, rollout: options.rollout ?? false, settling });
  /** Runs the looks due within `ms`; each look is a reconcile that finds the application still settling. */
  const stillSettlingFor = async (ms: number, rollout = false) => {
    const until = clock.now().getTime() + ms;
    while (clock.pendingTimers().includes('settling-follow-up')) {
      const before = looks.length;
      await clock.advanceToNext('settling-follow-up').catch(() => undefined);
      if (clock.now().getTime() > until) break;
      if (looks.length > before) reconciled(true, { rollout });
    }
  };
  const gaps = () => looks.map((look, i) => look.at - (i === 0 ? 0 : looks[i - 1].at));

  beforeEach(() => {
    clock = new FakeClock(new Date(0));
    events = new FleetEvents();
    looks = [];
    held = new Set(['c1']);
    const ownership = { leaseFor: (cluster: string) => (held.has(cluster) ? { shard: 0, epoch: 1 } : undefined) } as unknown as ShardOwnershipService;
    const triggers = { enqueue: (names: readonly string[]) => looks.push(...names.map((name) => ({ name, at: clock.now().getTime() }))) } as unknown as ReconcileTriggers;
    const config = { reconcile: { intervalSeconds: 60 }, rollouts: { intervalSeconds: 5 } } as AppConfig;
    followUps = new SettlingFollowUps(events, ownership, triggers, clock, config);
    followUps.onApplicationBootstrap();
  });

  it('looks again at 100 ms, then doubling up to 10 s, while the application stays Progressing', async () => {
    reconciled(true);
    await stillSettlingFor(30_000);
    expect(gaps().slice(0, 9)).toEqual([100, 200, 400, 800, 1_600, 3_200, 6_400, 10_000, 10_000]);
    expect(looks.every((look) => look.name === 'web')).toBe(true);
  });

  it('backs off only to the rollout poll interval for an application a rollout waits on', async () => {
    reconciled(true, { rollout: true });
    await stillSettlingFor(20_000, true);
    expect(gaps().slice(0, 7)).toEqual([100, 200, 400, 800, 1_600, 3_200, 5_000]);
  });

  it('stops once it settles, and starts from 100 ms again when it next goes Progressing', async () => {
    reconciled(true);
    await stillSettlingFor(1_000);
    reconciled(false);
    expect(followUps.pending()).toBe(0);
    await clock.advance(60_000);
    const before = looks.length;
    reconciled(true);
    await clock.advance(100);
    expect(looks.length - before).toBe(1);
  });

  it('hands an application still Progressing after a whole reconcile interval to the passes', async () => {
    reconciled(true);
    await stillSettlingFor(120_000);
    const lastLook = looks.at(-1)!.at;
    expect(lastLook).toBeLessThan(70_000);
    expect(followUps.pending()).toBe(0);
    // The passes keep finding it Progressing: that does not start the follow-ups over.
    reconciled(true);
    expect(clock.pendingTimers()).not.toContain('settling-follow-up');
  });

  it('one look at a time per application, however many reconciles announce it', async () => {
    reconciled(true);
    reconciled(true);
    reconciled(true, { name: 'api' });
    await clock.advance(100);
    expect(looks.map((look) => look.name).sort()).toEqual(['api', 'web']);
  });

  it('holds one timer however many applications settle, and queues the looks due together at once', async () => {
    const batches: string[][] = [];
    const lanes = new Set<string>();
    const triggers = {
      enqueue: (names: readonly string[], lane: string) => {
        batches.push([...names]);
        lanes.add(lane);
      },
    } as unknown as ReconcileTriggers;
    followUps.onApplicationShutdown();
    followUps = new SettlingFollowUps(events, { leaseFor: () => ({ shard: 0, epoch: 1 }) } as unknown as ShardOwnershipService, triggers, clock, { reconcile: { intervalSeconds: 60 }, rollouts: { intervalSeconds: 5 } } as AppConfig);
    followUps.onApplicationBootstrap();
    for (let i = 0; i < 500; i++) reconciled(true, { name: `app-${i}` });
    await clock.advance(30);
    for (let i = 500; i < 1000; i++) reconciled(true, { name: `app-${i}` });
    expect(clock.pendingTimers().filter((name) => name === 'settling-follow-up')).toHaveLength(1);
    expect(followUps.pending()).toBe(1000);
    await clock.advance(70);
    expect(batches.map((batch) => batch.length)).toEqual([500]);
    await clock.advance(30);
    expect(batches.map((batch) => batch.length)).toEqual([500, 500]);
    expect(clock.pendingTimers()).not.toContain('settling-follow-up');
    // Queued as looks: they wait for the changes under way (WorkQueue).
    expect([...lanes]).toEqual(['look']);
  });

  it('sets the one timer for the next look when the application it was set for settled', async () => {
    reconciled(true, { name: 'first' });
    await clock.advance(50);
    reconciled(true, { name: 'second' });
    reconciled(false, { name: 'first' });
    await clock.advance(50);
    expect(looks).toEqual([]);
    await clock.advance(50);
    expect(looks).toEqual([{ name: 'second', at: 150 }]);
  });

  it('leaves an application whose cluster this replica no longer holds to its new holder', async () => {
    reconciled(true);
    held.clear();
    await clock.advance(100);
    expect(looks).toEqual([]);
    expect(followUps.pending()).toBe(0);
  });

  it('forgets an application that stopped being announced (deleted after its last look)', async () => {
    reconciled(true, { name: 'gone' });
    await clock.advance(100);
    expect(followUps.remembered()).toBe(1);
    await clock.advance(121_000);
    reconciled(false, { name: 'other' });
    expect(followUps.remembered()).toBe(0);
  });

  it('holds no timer after shutdown', async () => {
    reconciled(true);
    followUps.onApplicationShutdown();
    expect(clock.pendingTimers()).toEqual([]);
  });
});
