import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock/fake-clock';
import { DeliveryScheduler } from '../../src/notifications/delivery.scheduler';
import { verifyWebhook } from '../../src/notifications/webhook-signature';
import { startFleet, type Fleet } from '../support/fleet-rollouts';
import type { TestDatabase } from '../support/test-database';
import { startTestHub, type TestHub } from '../support/test-hub';
import { type ReceivedRequest, WebhookReceiver } from '../support/webhook-receiver';
import { EXAMPLE_APPS, EXAMPLE_CLUSTERS } from '../support/example-fleet';

const SET = 'my-api-rollout';
const CLUSTERS = EXAMPLE_CLUSTERS;
const APPS = EXAMPLE_APPS;
const SETTLE_MS = 1_000;
const SECRET = `whsec_${randomBytes(32).toString('base64')}`;
// Past the longest first retries (30 s and 60 s, each +20% jitter).
const RETRY_STEP_MS = 80_000;

interface Delivered {
  id: string;
  type: string;
  data: { application: string | null; applicationSet: string | null; project: string | null; cluster: string | null; revision: string | null; [field: string]: unknown };
  request: ReceivedRequest;
}

/**
 * Notifications end to end: a real hub on a fake clock driving the example fleet's RollingSync set over three
 * Kubernetes API test servers, and a webhook receiver on 127.0.0.1. The receiver must get exactly one signed
 * app.deployed per revision per application, across a first deployment, a receiver answering 500 twice, a broken
 * release, a fix, and a restart of the hub while a delivery is under way; and one rollout.halted for the broken one.
 */
describe('notifications: exactly one signed event per change, across failures and a restart', () => {
  const clock = new FakeClock('2026-06-01T08:00:00Z');
  let fleet: Fleet;
  let hub: TestHub;
  let receiver: WebhookReceiver;
  const revisions: string[] = [];

  const deliveries = async () => (await hub.http.get('/api/v1/notifications/deliveries?subscription=ops&limit=500').set(fleet.auth).expect(200)).body.items as { state: string; attempts: number; lastStatusCode: number | null; event: { type: string } }[];
  const pendingCount = async () => (await deliveries()).filter((d) => d.state === 'pending').length;
  const runPass = () => hub.app.get(DeliveryScheduler).runPass();
  /** Delivers everything due, moving time past retries, until nothing is pending. */
  const drain = async () => {
    for (let round = 0; round < 20; round++) {
      await runPass();
      if ((await pendingCount()) === 0) return;
      await clock.advance(RETRY_STEP_MS);
    }
    throw new Error('deliveries still pending after 20 rounds');
  };
  const received = (): Delivered[] =>
    receiver.requests.map((request) => {
      const body = JSON.parse(request.body) as Omit<Delivered, 'request'>;
      return { ...body, request };
    });
  const ofType = (type: string) => received().filter((event) => event.type === type);
  /** Events of a type the receiver accepted (answered 2xx), one per idempotency key: what a receiver that dedupes by webhook-id acts on. */
  const accepted = (type: string) => ofType(type).filter((event) => event.request.status !== undefined && event.request.status < 300);
  const distinctIds = (type: string) => new Set(ofType(type).map((event) => event.request.headers['webhook-id'])).size;
  /** app.deployed per application@revision: the webhook-ids seen, and how many requests were answered 2xx. */
  const deployedByKey = () => {
    const keys = new Map<string, { ids: Set<string>; accepted: number }>();
    for (const event of ofType('app.deployed')) {
      const key = `${event.data.application}@${event.data.revision}`;
      const entry = keys.get(key) ?? { ids: new Set<string>(), accepted: 0 };
      entry.ids.add(event.request.headers['webhook-id'] as string);
      if (event.request.status !== undefined && event.request.status < 300) entry.accepted++;
      keys.set(key, entry);
    }
    return keys;
  };
  const expectExactlyOnePerRevision = (expected: string[]) => {
    const keys = deployedByKey();
    expect([...keys.keys()].sort()).toEqual([...expected].sort());
    for (const [key, entry] of keys) {
      expect({ key, ids: entry.ids.size, accepted: entry.accepted }).toEqual({ key, ids: 1, accepted: 1 });
    }
  };
  const keysFor = (revision: string) => APPS.map((app) => `${app}@${revision}`);

  beforeAll(async () => {
    receiver = await new WebhookReceiver().start();
    fleet = await startFleet({ clock, settleMs: SETTLE_MS, maxTicks: 40, clusters: CLUSTERS });
    hub = fleet.hub;
    await hub.http
      .post('/api/v1/notifications/subscriptions')
      .set(fleet.auth)
      .send({ name: 'ops', events: ['app.deployed', 'rollout.halted', 'rollout.completed'], filter: { applicationSet: SET }, destination: { type: 'webhook', url: `${receiver.url}/hook`, secret: SECRET } })
      .expect(201);
  });

  afterAll(async () => {
    // The restarted hub shares the fleet's database, which the fleet drops when it closes.
    if (hub && hub !== fleet?.hub) await hub.stop();
    await fleet?.close();
    await receiver?.close();
  });

  it('a first deployment: one signed app.deployed per application, though the receiver answers 500 twice', async () => {
    receiver.answer(500, 500);
    await hub.http.post('/api/v1/applicationsets').set(fleet.auth).send(fleet.exampleSet()).expect(201);
    await fleet.tick();
    const first = await fleet.latest(SET);
    await fleet.settledIn(first.id, ['Completed']);
    revisions.push(fleet.repo.head());
    await drain();
    expectExactlyOnePerRevision(keysFor(revisions[0]));
    // The two refused requests were retried with the same idempotency key and signature scheme.
    const refused = receiver.requests.filter((request) => request.status === 500);
    expect(refused).toHaveLength(2);
    for (const request of refused) expect(receiver.requests.filter((r) => r.headers['webhook-id'] === request.headers['webhook-id'] && r.status === 200)).toHaveLength(1);
    const retried = (await deliveries()).filter((d) => d.attempts === 2);
    expect(retried).toHaveLength(2);
    for (const delivery of retried) expect(delivery).toMatchObject({ state: 'delivered', lastStatusCode: 200 });
    expect(accepted('rollout.completed')).toHaveLength(1);
    expect(distinctIds('rollout.completed')).toBe(1);
    // Every attempt is counted: the two refused ones as retrying.
    const exposition = (await hub.http.get('/metrics').expect(200)).text;
    expect(exposition).toMatch(/^flotilla_notification_deliveries_total\{outcome="retrying"\} 2$/m);
    expect(exposition).toMatch(/^flotilla_notification_deliveries_total\{outcome="delivered"\} [1-9]\d*$/m);
  }, 120_000);

  it('every delivery is signed: the check passes with the secret and fails on a tampered body', () => {
    const event = ofType('app.deployed')[0];
    const { headers, body } = event.request;
    const id = headers['webhook-id'] as string;
    const timestamp = Number(headers['webhook-timestamp']);
    expect(verifyWebhook(SECRET, id, timestamp, body, headers['webhook-signature'] as string)).toBe(true);
    expect(verifyWebhook(SECRET, id, timestamp, body.replace(event.data.application!, 'my-api-other'), headers['webhook-signature'] as string)).toBe(false);
    expect(event.data).toMatchObject({ applicationSet: SET, project: 'platform', revision: revisions[0] });
    expect(event.data.revision).toMatch(/^[0-9a-f]{40}$/);
    expect(event.data.cluster).toBe(CLUSTERS.find((c) => event.data.application!.endsWith(c.name))!.name);
  });

  it('a broken release halts its rollout: one rollout.halted, naming the failed application; nothing deployed', async () => {
    const broken = await fleet.rolloutOf(SET, () => fleet.release({ staging: 'v1.6.0-broken', production: 'v1.6.0-broken' }));
    await fleet.settledIn(broken.id, ['Halted']);
    for (let i = 0; i < 3; i++) await fleet.tick();
    await drain();
    const halted = accepted('rollout.halted');
    expect(halted).toHaveLength(1);
    expect(distinctIds('rollout.halted')).toBe(1);
    expect(halted[0].data).toMatchObject({ applicationSet: SET, rollout: broken.id, revision: fleet.repo.head(), failed: [{ application: 'my-api-staging-eu', cluster: 'staging-eu' }] });
    expectExactlyOnePerRevision(keysFor(revisions[0]));
  });

  it('a fix, with the hub restarted while a delivery is under way: still exactly one app.deployed per application', async () => {
    // While the fix rolls out the receiver is down (503): its deliveries wait for their retries.
    receiver.defaultStatus = 503;
    const fix = await fleet.rolloutOf(SET, () => fleet.release({ staging: 'v1.6.1', production: 'v1.6.1' }));
    await fleet.settledIn(fix.id, ['Completed']);
    revisions.push(fleet.repo.head());
    // Reconciles of the same revision (pods restarting, resyncs) announce nothing more.
    for (let i = 0; i < 3; i++) await fleet.tick();
    await runPass();
    expect(await pendingCount()).toBe(4);

    // The receiver is back, but holds the first retry; the hub shuts down meanwhile, and the answer comes only then.
    receiver.defaultStatus = 200;
    let release!: (status: number) => void;
    receiver.answer({ hold: new Promise<number>((resolve) => (release = resolve)) });
    const before = receiver.requests.length;
    await clock.advance(RETRY_STEP_MS);
    const pass = runPass();
    await receiver.held();
    const stopping = hub.stop();
    release(200);
    await Promise.all([stopping, pass]);
    // The shutdown waited for that one send and recorded it; the rest of its batch was given back unsent.
    expect(receiver.requests.length - before).toBe(1);

    hub = await startTestHub({
      clock,
      env: { RECONCILE_INTERVAL_SECONDS: '3600', SHARD_LEASE_SECONDS: '3600', ROLLOUT_INTERVAL_SECONDS: '3600', APPSET_RESYNC_SECONDS: '86400', GIT_POLL_SECONDS: '1', IN_CLUSTER: 'false' },
      reuse: { dataDir: fleet.hub.dataDir, database: (fleet.hub as TestHub & { database: TestDatabase }).database, encryptionKeys: fleet.hub.encryptionKeys },
    });
    await drain();
    expectExactlyOnePerRevision([...keysFor(revisions[0]), ...keysFor(revisions[1])]);
    // The delivery answered during shutdown was recorded as delivered and never sent again.
    const heldId = receiver.requests[before].headers['webhook-id'];
    expect(receiver.requests.slice(before).filter((request) => request.headers['webhook-id'] === heldId)).toHaveLength(1);
    expect(accepted('rollout.halted')).toHaveLength(1);
    expect(accepted('rollout.completed')).toHaveLength(2);
    expect(distinctIds('rollout.completed')).toBe(2);
    expect((await deliveries()).every((d) => d.state === 'delivered')).toBe(true);
  }, 120_000);
});
