import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { FakeClock } from '../../src/clock/fake-clock';
import { DeliveryScheduler } from '../../src/notifications/delivery.scheduler';
import { DeliveryService } from '../../src/notifications/delivery.service';
import { NotificationDeliveryRepository } from '../../src/repositories/notification-delivery.repository';
import { clusterBody } from '../support/builders';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api';
import { bearer, startTestHub, type TestHub } from '../support/test-hub';
import { WebhookReceiver } from '../support/webhook-receiver';

const SECRET = `whsec_${randomBytes(32).toString('base64')}`;
const REPO = 'file:///srv/git/k8s-deployments.git';

/**
 * The fleet-level events other than rollouts, from the state changes that cause them: cluster connectivity
 * transitions (not every failed check), and applications the deletion budget holds back (once, not per expansion).
 * Each is filtered by its subscription and arrives at a receiver on 127.0.0.1.
 */
describe('cluster and ApplicationSet events', () => {
  const clock = new FakeClock('2026-06-01T08:00:00Z');
  let hub: TestHub;
  let auth: Record<string, string>;
  let server: KubeApiServer;
  let devServer: KubeApiServer;
  let receiver: WebhookReceiver;

  const subscribe = (name: string, events: string[], filter: Record<string, unknown>) =>
    hub.http.post('/api/v1/notifications/subscriptions').set(auth).send({ name, events, filter, destination: { type: 'webhook', url: `${receiver.url}/${name}`, secret: SECRET } }).expect(201);
  const check = async (name: string) => (await hub.http.post(`/api/v1/clusters/${name}/check`).set(auth).expect(200)).body.status.connectionState as string;
  const deliver = () => hub.app.get(DeliveryScheduler).runPass();
  const receivedAt = (path: string) => receiver.requests.filter((request) => request.path === path).map((request) => JSON.parse(request.body) as { type: string; data: Record<string, unknown> });

  beforeAll(async () => {
    receiver = await new WebhookReceiver().start();
    [server, devServer] = await Promise.all(['watched', 'ignored'].map((name) => startKubeApiServer({ name, controllerDelayMs: 50 })));
    hub = await startTestHub({ clock, env: { RECONCILE_INTERVAL_SECONDS: '3600' } });
    auth = bearer(hub.adminToken);
    await subscribe('clusters', ['cluster.unreachable', 'cluster.recovered'], { clusterSelector: 'env=production' });
    await subscribe('sets', ['appset.deletions-pending'], { applicationSet: 'budget' });
  });

  afterAll(async () => {
    await Promise.all([hub?.close(), server?.stop(), devServer?.stop(), receiver?.close()]);
  });

  it('announces a cluster going unreachable once and its recovery once, only for clusters the selector picks', async () => {
    const token = server.addToken();
    const other = devServer.addToken();
    await hub.http.post('/api/v1/clusters').set(auth).send(clusterBody({ name: 'prod-watched', server: server.url, labels: { env: 'production' }, credentials: { bearerToken: token }, tls: { caData: server.caData } })).expect(201);
    await hub.http.post('/api/v1/clusters').set(auth).send(clusterBody({ name: 'dev-ignored', server: devServer.url, labels: { env: 'dev' }, credentials: { bearerToken: other }, tls: { caData: devServer.caData } })).expect(201);
    expect([await check('prod-watched'), await check('dev-ignored')]).toEqual(['Successful', 'Successful']);
    server.revokeToken(token);
    devServer.revokeToken(other);
    for (let i = 0; i < 3; i++) expect([await check('prod-watched'), await check('dev-ignored')]).toEqual(['Failed', 'Failed']);
    await hub.http.patch('/api/v1/clusters/prod-watched').set(auth).send({ credentials: { bearerToken: server.addToken() } }).expect(200);
    expect(await check('prod-watched')).toBe('Successful');
    expect(await check('prod-watched')).toBe('Successful');
    await deliver();
    const events = receivedAt('/clusters');
    expect(events.map((event) => [event.type, event.data.cluster])).toEqual([
      ['cluster.unreachable', 'prod-watched'],
      ['cluster.recovered', 'prod-watched'],
    ]);
    expect(events[0].data).toMatchObject({ server: server.url, labels: { env: 'production' }, message: expect.stringMatching(/^Unauthorized/) });
    // The unfiltered outbox has the dev cluster's transition too: the filter, not the source, left it out.
    const stored: { cluster: string }[] = await hub.dataSource.query(`SELECT cluster FROM notification_events WHERE type = 'cluster.unreachable' ORDER BY seq`);
    expect(stored.map((row) => row.cluster)).toEqual(['prod-watched', 'dev-ignored']);
  });

  it('announces applications held back by the deletion budget once, however often the set is expanded', async () => {
    const fleet = ['staging-eu', 'prod-eu', 'prod-us', 'dev-1'].map((name, i) => ({ name, server: `https://127.0.0.1:${31001 + i}` }));
    for (const cluster of fleet) await hub.http.post('/api/v1/clusters').set(auth).send(clusterBody({ ...cluster, labels: { env: 'x' } })).expect(201);
    const set = (elements: typeof fleet) => ({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'ApplicationSet',
      metadata: { name: 'budget' },
      spec: {
        generators: [{ list: { elements: elements.map((c) => ({ c: c.name, url: c.server })) } }],
        template: { metadata: { name: 'budget-{{c}}' }, spec: { project: 'default', source: { repoURL: REPO, path: 'apps/{{c}}' }, destination: { server: '{{url}}', namespace: 'x' } } },
      },
    });
    await hub.http.post('/api/v1/applicationsets').set(auth).send(set(fleet)).expect(201);
    const shrunk = await hub.http.put('/api/v1/applicationsets/budget').set(auth).send(set(fleet.slice(0, 1))).expect(200);
    expect(shrunk.body.status.pendingDeletion.map((p: { name: string }) => p.name)).toEqual(['budget-prod-eu', 'budget-prod-us']);
    // The same expansion again holds back the same applications: nothing new to say.
    await hub.http.put('/api/v1/applicationsets/budget').set(auth).send(set(fleet.slice(0, 1))).expect(200);
    await hub.http.post('/api/v1/applicationsets/budget/approve-deletions').set(auth).expect(200);
    await deliver();
    const events = receivedAt('/sets');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'appset.deletions-pending', data: { applicationSet: 'budget', pending: ['budget-prod-eu', 'budget-prod-us'], newlyPending: ['budget-prod-eu', 'budget-prod-us'] } });
  });

  it('two replicas never hold one delivery at once; a dead one\'s claim expires, and what was delivered is never sent again', async () => {
    // The replicas here are the test's; the hub's own delivery pass, due on the clock moved below, would be a third
    // one racing them for the claim. It sits this test out (once any pass under way has finished).
    const ownPass = vi.spyOn(hub.app.get(DeliveryService), 'runPass').mockResolvedValue({ fannedOut: 0, sent: 0 });
    onTestFinished(() => ownPass.mockRestore());
    await deliver();
    await subscribe('claims', ['cluster.unreachable'], { clusterSelector: 'env=claims' });
    const token = server.addToken();
    await hub.http.post('/api/v1/clusters').set(auth).send(clusterBody({ name: 'claims', server: `https://localhost:${server.port}`, labels: { env: 'claims' }, credentials: { bearerToken: token }, tls: { caData: server.caData } })).expect(201);
    server.revokeToken(token);
    expect(await check('claims')).toBe('Failed');
    await hub.app.get(DeliveryService).fanOut();
    const deliveries = hub.app.get(NotificationDeliveryRepository);
    const claim = (holder: string) => deliveries.claimDue(holder, clock.now(), new Date(clock.now().getTime() + 60_000), 10);
    const [claimed, ...others] = await claim('replica-a');
    expect(others).toEqual([]);
    expect(claimed).toMatchObject({ subscription: 'claims', eventType: 'cluster.unreachable', state: 'pending' });
    expect(await claim('replica-b')).toEqual([]);
    // replica-a dies with the claim; once it expires, replica-b takes the same delivery (the same idempotency key).
    await clock.advance(61_000);
    expect((await claim('replica-b')).map((d) => d.id)).toEqual([claimed.id]);
    const delivered = { state: 'delivered' as const, statusCode: 200, error: null, at: clock.now(), nextAttemptAt: null };
    expect(await deliveries.recordAttempt(claimed.id, 'replica-a', delivered)).toBe(false);
    expect(await deliveries.recordAttempt(claimed.id, 'replica-b', delivered)).toBe(true);
    await clock.advance(61_000);
    expect(await claim('replica-c')).toEqual([]);
    expect((await deliveries.list({ subscription: 'claims' }, 10)).map((d) => [d.state, d.attempts])).toEqual([['delivered', 1]]);
  });
});
