import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock/fake-clock';
import { verifyWebhook } from '../../src/notifications/webhook-signature';
import { bearer, startTestHub, type TestHub } from '../support/test-hub';
import { WebhookReceiver } from '../support/webhook-receiver';

const SECRET = `whsec_${randomBytes(32).toString('base64')}`;
const HEADER_VALUE = 'Bearer header-value-do-not-leak';
const SLACK_PATH = '/services/T000/B000/slack-url-do-not-leak';
const GITHUB_TOKEN = 'ghp_github-token-do-not-leak';
const SECRETS = [SECRET, SECRET.slice('whsec_'.length), HEADER_VALUE, SLACK_PATH, GITHUB_TOKEN];

describe('notification subscriptions over REST', () => {
  const clock = new FakeClock('2026-06-01T08:00:00Z');
  let hub: TestHub;
  let auth: Record<string, string>;
  let viewer: Record<string, string>;
  let receiver: WebhookReceiver;

  const webhook = (name: string, extra: Record<string, unknown> = {}) => ({
    name,
    events: ['app.deployed', 'sync.failed'],
    filter: { project: 'platform' },
    destination: { type: 'webhook', url: `${receiver.url}/hook`, headers: { Authorization: HEADER_VALUE }, secret: SECRET },
    ...extra,
  });
  const count = async () => ((await hub.dataSource.query(`SELECT count(*)::int AS n FROM notification_subscriptions`)))[0].n;
  const expectNoSecrets = (text: string) => {
    for (const secret of SECRETS) expect(text).not.toContain(secret);
  };

  beforeAll(async () => {
    receiver = await new WebhookReceiver().start();
    hub = await startTestHub({ clock });
    auth = bearer(hub.adminToken);
    const created = await hub.http.post('/api/v1/tokens').set(auth).send({ name: 'viewer-1', role: 'viewer' }).expect(201);
    viewer = bearer(created.body.token as string);
  });

  afterAll(async () => {
    await hub?.close();
    await receiver?.close();
  });

  it('creates a webhook subscription and never shows its secret or header values', async () => {
    const created = await hub.http.post('/api/v1/notifications/subscriptions').set(auth).send(webhook('ops')).expect(201);
    expect(created.body).toMatchObject({ name: 'ops', events: ['app.deployed', 'sync.failed'], filter: { project: 'platform' }, destination: { type: 'webhook', url: `${receiver.url}/hook`, headerNames: ['Authorization'] } });
    const listed = await hub.http.get('/api/v1/notifications/subscriptions').set(auth).expect(200);
    expect(listed.body.items.map((s: { name: string }) => s.name)).toEqual(['ops']);
    await hub.http.get('/api/v1/notifications/subscriptions/ops').set(auth).expect(200);
    expectNoSecrets(JSON.stringify([created.body, listed.body]));
    const rows: { row: string }[] = await hub.dataSource.query(`SELECT row_to_json(s)::text AS row FROM notification_subscriptions s`);
    for (const { row } of rows) expectNoSecrets(row);
    await hub.http.post('/api/v1/notifications/subscriptions').set(auth).send(webhook('ops')).expect(409);
  });

  it('seals a Slack URL and a GitHub token the same way', async () => {
    const slack = await hub.http.post('/api/v1/notifications/subscriptions').set(auth).send({ name: 'chat', events: ['rollout.halted'], destination: { type: 'slack', url: `${receiver.url}${SLACK_PATH}` } }).expect(201);
    expect(slack.body.destination).toEqual({ type: 'slack' });
    expect(slack.body.filter).toEqual({});
    const github = await hub.http
      .post('/api/v1/notifications/subscriptions')
      .set(auth)
      .send({ name: 'commit-status', events: ['sync.succeeded', 'sync.failed'], destination: { type: 'github-status', token: GITHUB_TOKEN, apiBaseUrl: receiver.url } })
      .expect(201);
    expect(github.body.destination).toEqual({ type: 'github-status', apiBaseUrl: receiver.url, context: 'flotilla' });
    expectNoSecrets(JSON.stringify([slack.body, github.body]));
  });

  it.each([
    { name: 'no events', body: () => webhook('a', { events: [] }), field: 'events' },
    { name: 'an unknown event', body: () => webhook('b', { events: ['app.exploded'] }), field: 'events.0' },
    { name: 'an unknown destination type', body: () => webhook('c', { destination: { type: 'pager', url: receiver.url } }), field: 'destination.type' },
    { name: 'a secret without whsec_', body: () => webhook('d', { destination: { type: 'webhook', url: receiver.url, secret: 'plain' } }), field: 'destination.secret' },
    { name: 'a webhook without a secret', body: () => webhook('e', { destination: { type: 'webhook', url: receiver.url } }), field: 'destination.secret' },
    { name: 'a non-http URL', body: () => webhook('f', { destination: { type: 'webhook', url: 'file:///etc/passwd', secret: SECRET } }), field: 'destination.url' },
    { name: 'a URL with credentials', body: () => webhook('g', { destination: { type: 'slack', url: 'http://u:p@127.0.0.1/x' } }), field: 'destination.url' },
    { name: 'a header that replaces the signature', body: () => webhook('h', { destination: { type: 'webhook', url: receiver.url, secret: SECRET, headers: { 'Webhook-Signature': 'v1,x' } } }), field: 'destination.headers' },
    { name: 'a bad cluster selector', body: () => webhook('i', { filter: { clusterSelector: 'env in (' } }), field: 'filter.clusterSelector' },
    { name: 'an unknown filter field', body: () => webhook('j', { filter: { namespace: 'x' } }), field: 'filter.namespace' },
    { name: 'a bad name', body: () => webhook('Not_A_Name'), field: 'name' },
    { name: 'a github-status without a token', body: () => ({ name: 'k', events: ['sync.failed'], destination: { type: 'github-status' } }), field: 'destination.token' },
  ])('refuses $name with 400 naming $field, storing nothing and echoing no secret', async ({ body, field }) => {
    const before = await count();
    const response = await hub.http.post('/api/v1/notifications/subscriptions').set(auth).send(body()).expect(400);
    expect(response.body.details.map((d: { field: string }) => d.field)).toContain(field);
    expectNoSecrets(JSON.stringify(response.body));
    expect(await count()).toBe(before);
  });

  it('lets a viewer read but not write', async () => {
    await hub.http.get('/api/v1/notifications/subscriptions').set(viewer).expect(200);
    await hub.http.post('/api/v1/notifications/subscriptions').set(viewer).send(webhook('by-viewer')).expect(403);
    await hub.http.delete('/api/v1/notifications/subscriptions/ops').set(viewer).expect(403);
  });

  it('replaces a subscription (never renames it) and deletes it', async () => {
    await hub.http.post('/api/v1/notifications/subscriptions').set(auth).send(webhook('temp')).expect(201);
    const replaced = await hub.http.put('/api/v1/notifications/subscriptions/temp').set(auth).send(webhook('temp', { events: ['cluster.unreachable'], filter: {} })).expect(200);
    expect(replaced.body).toMatchObject({ events: ['cluster.unreachable'], filter: {} });
    const renamed = await hub.http.put('/api/v1/notifications/subscriptions/temp').set(auth).send(webhook('other')).expect(400);
    expect(renamed.body.details[0].field).toBe('name');
    await hub.http.put('/api/v1/notifications/subscriptions/missing').set(auth).send(webhook('missing')).expect(404);
    await hub.http.delete('/api/v1/notifications/subscriptions/temp').set(auth).expect(204);
    await hub.http.delete('/api/v1/notifications/subscriptions/temp').set(auth).expect(404);
    await hub.http.get('/api/v1/notifications/subscriptions/temp').set(auth).expect(404);
  });

  it('test sends a signed sample and reports the answer; a tampered body fails the check', async () => {
    const sent = receiver.requests.length;
    const ok = await hub.http.post('/api/v1/notifications/subscriptions/ops/test').set(auth).send({}).expect(200);
    expect(ok.body).toEqual({ delivered: true, statusCode: 200, error: null });
    const request = receiver.requests[sent];
    expect(request).toMatchObject({ method: 'POST', path: '/hook' });
    expect(request.headers.authorization).toBe(HEADER_VALUE);
    const body = JSON.parse(request.body);
    expect(body).toMatchObject({ type: 'app.deployed', data: { application: 'sample-application', test: true } });
    expect(Object.keys(body)).toEqual(['id', 'type', 'timestamp', 'data']);
    const id = request.headers['webhook-id'] as string;
    const timestamp = Number(request.headers['webhook-timestamp']);
    expect(timestamp).toBe(Math.floor(clock.now().getTime() / 1000));
    expect(verifyWebhook(SECRET, id, timestamp, request.body, request.headers['webhook-signature'] as string)).toBe(true);
    expect(verifyWebhook(SECRET, id, timestamp, request.body.replace('sample-application', 'other-application'), request.headers['webhook-signature'] as string)).toBe(false);

    receiver.answer(500);
    const failed = await hub.http.post('/api/v1/notifications/subscriptions/ops/test').set(auth).send({}).expect(200);
    expect(failed.body).toEqual({ delivered: false, statusCode: 500, error: 'the receiver answered HTTP 500' });
  });

  it('test sends Slack text and blocks to the sealed URL, and a GitHub status to the configured API', async () => {
    const sent = receiver.requests.length;
    await hub.http.post('/api/v1/notifications/subscriptions/chat/test').set(auth).send({}).expect(200);
    expect(receiver.requests[sent].path).toBe(SLACK_PATH);
    const slack = JSON.parse(receiver.requests[sent].body);
    expect(slack.text).toContain('rollout.halted');
    expect(slack.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'rollout.halted' } });

    const sha = 'c'.repeat(40);
    await hub.http.post('/api/v1/notifications/subscriptions/commit-status/test').set(auth).send({}).expect(400);
    const github = await hub.http.post('/api/v1/notifications/subscriptions/commit-status/test').set(auth).send({ repoURL: 'https://github.com/acme/fleet.git', revision: sha }).expect(200);
    expect(github.body.delivered).toBe(true);
    const status = receiver.requests[sent + 1];
    expect(status.path).toBe(`/repos/acme/fleet/statuses/${sha}`);
    expect(status.headers.authorization).toBe(`Bearer ${GITHUB_TOKEN}`);
    expect(JSON.parse(status.body)).toMatchObject({ state: 'success', context: 'flotilla' });
  });

  it('lists deliveries filtered by subscription and state, and refuses an unknown state', async () => {
    const listed = await hub.http.get('/api/v1/notifications/deliveries?subscription=ops&state=pending').set(auth).expect(200);
    expect(listed.body.items).toEqual([]);
    const bad = await hub.http.get('/api/v1/notifications/deliveries?state=lost').set(auth).expect(400);
    expect(bad.body.details[0].field).toBe('state');
  });

  it('audits every write without a secret', async () => {
    const audit = await hub.http.get('/api/v1/audit?limit=200').set(auth).expect(200);
    const text = JSON.stringify(audit.body);
    expect(text).toContain('notifications');
    expectNoSecrets(text);
  });
});
