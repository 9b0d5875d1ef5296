import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock/fake-clock';
import { NotificationRetention } from '../../src/retention/notification-retention.service';
import { bearer, startTestHub, type TestHub } from '../support/test-hub';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The outbox is a queue: settled events go after NOTIFICATION_RETENTION_DAYS, with their deliveries; pending ones stay. */
describe('retention of the notification outbox', () => {
  const clock = new FakeClock('2026-06-15T00:00:00Z');
  let hub: TestHub;
  let subscriptionId: string;

  const daysAgo = (days: number) => new Date(clock.now().getTime() - days * DAY_MS);
  const event = async (dispatchedDaysAgo: number | null, deliveryState: 'delivered' | 'dead' | 'pending' | null): Promise<number> => {
    const [row]: { seq: string }[] = await hub.dataSource.query(
      `INSERT INTO notification_events (id, type, occurred_at, data, dispatched_at) VALUES ($1, 'sync.failed', $2, '{}'::jsonb, $3) RETURNING seq`,
      [randomUUID(), daysAgo(dispatchedDaysAgo ?? 0), dispatchedDaysAgo === null ? null : daysAgo(dispatchedDaysAgo)],
    );
    if (deliveryState) {
      await hub.dataSource.query(`INSERT INTO notification_deliveries (id, event_seq, subscription_id, state, created_at) VALUES ($1, $2, $3, $4, $5)`, [
        randomUUID(),
        row.seq,
        subscriptionId,
        deliveryState,
        daysAgo(dispatchedDaysAgo ?? 0),
      ]);
    }
    return Number(row.seq);
  };
  const remaining = async (): Promise<number[]> => {
    const rows: { seq: string }[] = await hub.dataSource.query(`SELECT seq FROM notification_events ORDER BY seq`);
    return rows.map((row) => Number(row.seq));
  };

  beforeAll(async () => {
    hub = await startTestHub({ clock, env: { NOTIFICATION_RETENTION_DAYS: '7', IN_CLUSTER: 'false' } });
    await hub.http
      .post('/api/v1/notifications/subscriptions')
      .set(bearer(hub.adminToken))
      .send({ name: 'ops', events: ['sync.failed'], destination: { type: 'webhook', url: 'http://127.0.0.1:9/hook', secret: `whsec_${Buffer.from('a retention test secret of 32 bytes').toString('base64')}` } })
      .expect(201);
    [{ id: subscriptionId }] = (await hub.dataSource.query(`SELECT id FROM notification_subscriptions WHERE name = 'ops'`));
  });

  afterAll(async () => {
    await hub?.close();
  });

  it('removes settled events past the retention with their deliveries, and keeps pending, recent and undispatched ones', async () => {
    await hub.dataSource.query(`DELETE FROM notification_events`);
    const oldDelivered = await event(10, 'delivered');
    const oldDead = await event(8, 'dead');
    const oldWithoutSubscribers = await event(30, null);
    const oldPending = await event(20, 'pending');
    const recentDelivered = await event(2, 'delivered');
    const undispatched = await event(null, null);

    expect(await hub.app.get(NotificationRetention).pruneSettled()).toBe(3);

    expect(await remaining()).toEqual([oldPending, recentDelivered, undispatched]);
    expect(await remaining()).not.toEqual(expect.arrayContaining([oldDelivered, oldDead, oldWithoutSubscribers]));
    const deliveries: { event_seq: string }[] = await hub.dataSource.query(`SELECT event_seq FROM notification_deliveries ORDER BY event_seq`);
    expect(deliveries.map((row) => Number(row.event_seq))).toEqual([oldPending, recentDelivered]);
  });
});
