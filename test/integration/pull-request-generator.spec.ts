import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock/fake-clock';
import { clusterBody } from '../support/builders';
import { startFakeProviderApi, type FakeProviderApi } from '../support/fake-provider-api';
import { bearer, startTestHub, type TestHub } from '../support/test-hub';

const TOKEN = 'ghp_pull-request-e2e-token-do-not-leak';
const PULLS_PATH = '/api/v3/repos/fleet/app/pulls';
// The applications' source: a closed loopback port, so their reconcile never reaches the fake API.
const CHARTS_REPO = 'http://127.0.0.1:9/fleet/app.git';

interface AppView {
  metadata: { name: string; deletionTimestamp?: string };
  spec: { source: { targetRevision: string; repoURL: string }; destination: { namespace: string } };
}
interface Condition {
  type: string;
  status: string;
  message?: string;
}

function pull(number: number, branch: string) {
  return { number, title: `PR ${number}`, head: { ref: branch, sha: `${number}`.repeat(40) }, base: { ref: 'main' }, labels: [], user: { login: 'dev' } };
}

/**
 * A pullRequest generator through the hub: a repository registered with a token, an ApplicationSet reading a fake
 * GitHub API on 127.0.0.1 with tokenRef → one application per open pull request; a closed one is removed at the next
 * expansion; the API down fails the set with a condition naming the provider, and nothing is deleted.
 */
describe('ApplicationSet with a pullRequest generator against a fake GitHub API', { timeout: 40_000 }, () => {
  // Periodic passes run only when this clock is advanced: every expansion here is an explicit refresh.
  const clock = new FakeClock();
  let hub: TestHub;
  let api: FakeProviderApi;
  let auth: Record<string, string>;

  const manifest = (name: string, owner = 'fleet') => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: { name, namespace: 'argocd' },
    spec: {
      generators: [{ pullRequest: { github: { owner, repo: 'app', api: api.origin, tokenRef: { secretName: 'github-token', key: 'token' } }, requeueAfterSeconds: 60 } }],
      template: {
        metadata: { name: `${name}-{{number}}` },
        spec: {
          project: 'default',
          source: { repoURL: CHARTS_REPO, targetRevision: '{{head_sha}}', path: 'deploy' },
          destination: { name: 'previews', namespace: 'preview-{{branch_slug}}' },
        },
      },
    },
  });
  const liveApps = async (set: string): Promise<AppView[]> =>
    ((await hub.http.get('/api/v1/applications').query({ applicationSet: set }).set(auth).expect(200)).body.items as AppView[]).filter(
      (app) => app.metadata.deletionTimestamp === undefined,
    );
  const names = async (set: string) => (await liveApps(set)).map((app) => app.metadata.name).sort();
  const errorCondition = (conditions: Condition[]) => conditions.find((condition) => condition.type === 'ErrorOccurred');

  beforeAll(async () => {
    api = await startFakeProviderApi({ authorization: `Bearer ${TOKEN}` });
    hub = await startTestHub({ env: { IN_CLUSTER: 'false' }, clock });
    auth = bearer(hub.adminToken);
    await hub.http.post('/api/v1/clusters').set(auth).send(clusterBody({ name: 'previews' })).expect(201);
    // Registered at the organization: its token covers every repository under it (longest prefix).
    await hub.http.post('/api/v1/repositories').set(auth).send({ url: `${api.origin}/fleet`, token: TOKEN }).expect(201);
  });

  afterAll(async () => {
    await Promise.all([hub?.close(), api?.stop()]);
  });

  it('creates one application per open pull request, reading the API with the registered token', async () => {
    api.on('GET', PULLS_PATH, { body: [pull(1, 'feature/Login_Page'), pull(2, 'fix-typo')] });
    const created = await hub.http.post('/api/v1/applicationsets').set(auth).send(manifest('preview')).expect(201);
    expect(created.body.status.desired).toBe(2);
    expect(await names('preview')).toEqual(['preview-1', 'preview-2']);
    const first = (await liveApps('preview')).find((app) => app.metadata.name === 'preview-1')!;
    expect(first.spec.source.targetRevision).toBe('1'.repeat(40));
    expect(first.spec.destination.namespace).toBe('preview-feature-login-page');
    const apiCalls = api.requests().filter((request) => request.path === PULLS_PATH);
    expect(apiCalls.length).toBeGreaterThan(0);
    expect(apiCalls.every((request) => request.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('removes the application of a pull request that was closed (credentials matched only at path boundaries)', async () => {
    // Neither is a prefix of .../fleet/app at a segment boundary: their wrong tokens must not be used.
    for (const decoy of [`${api.origin}/fle`, `${api.origin}/fleet/app-other`]) {
      await hub.http.post('/api/v1/repositories').set(auth).send({ url: decoy, token: 'wrong-token' }).expect(201);
    }
    api.on('GET', PULLS_PATH, { body: [pull(2, 'fix-typo')] });
    const refreshed = await hub.http.post('/api/v1/applicationsets/preview/refresh').set(auth).expect(200);
    expect(errorCondition(refreshed.body.status.conditions as Condition[])).toMatchObject({ status: 'False' });
    expect(await names('preview')).toEqual(['preview-2']);
  });

  it('fails the set with a condition naming the provider when the API is down, and deletes nothing', async () => {
    await api.stop();
    const refreshed = await hub.http.post('/api/v1/applicationsets/preview/refresh').set(auth).expect(200);
    const condition = errorCondition(refreshed.body.status.conditions as Condition[]);
    expect(condition).toMatchObject({ status: 'True', message: expect.stringMatching(/pullRequest\.github: github API http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/) });
    expect(JSON.stringify(refreshed.body)).not.toContain(TOKEN);
    expect(await names('preview')).toEqual(['preview-2']);
  });

  it('a tokenRef without registered credentials fails closed and tells the user to register them', async () => {
    const created = await hub.http.post('/api/v1/applicationsets').set(auth).send(manifest('unregistered', 'elsewhere')).expect(201);
    const condition = errorCondition(created.body.status.conditions as Condition[]);
    expect(condition).toMatchObject({ status: 'True', message: expect.stringMatching(/asks for credentials, but no repository .* is registered for .*\/elsewhere\/app or a prefix of it; register one/) });
    expect(await names('unregistered')).toEqual([]);
  });
});
