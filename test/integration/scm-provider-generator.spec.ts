import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock/fake-clock';
import { clusterBody } from '../support/builders';
import { startFakeProviderApi, type FakeProviderApi } from '../support/fake-provider-api';
import { bearer, startTestHub, type TestHub } from '../support/test-hub';

const TOKEN = 'gitea-scm-provider-e2e-token-do-not-leak';
const ORG_REPOS = '/api/v1/orgs/fleet/repos';
// Clone URLs on a closed loopback port, so the generated applications' reconcile never reaches anything.
const cloneUrl = (name: string) => `http://127.0.0.1:9/fleet/${name}.git`;
const sha = (digit: string) => digit.repeat(40);

interface AppView {
  metadata: { name: string; deletionTimestamp?: string };
  spec: { source: { repoURL: string; targetRevision: string } };
}
interface Condition {
  type: string;
  status: string;
  message?: string;
}

/**
 * An scmProvider generator through the hub, against a fake Gitea API on 127.0.0.1: the organization's repositories
 * that hold a `deploy` folder each get an application at their default branch's commit, with the token of the
 * repository registered for the organization; a repository that gains the folder is picked up at the next
 * expansion; the API down fails the set with a condition naming the provider, and nothing is deleted.
 */
describe('ApplicationSet with an scmProvider generator against a fake Gitea API', { timeout: 40_000 }, () => {
  const clock = new FakeClock();
  let hub: TestHub;
  let api: FakeProviderApi;
  let auth: Record<string, string>;

  const repository = (id: number, name: string) => ({ id, name, html_url: cloneUrl(name), ssh_url: `git@127.0.0.1:fleet/${name}.git`, default_branch: 'main', archived: false });
  const serveRepository = (name: string, commit: string, hasDeploy: boolean) => {
    api.on('GET', `/api/v1/repos/fleet/${name}/labels`, { body: [] });
    api.on('GET', `/api/v1/repos/fleet/${name}/branches/main`, { body: { name: 'main', commit: { id: commit } } });
    if (hasDeploy) api.on('GET', `/api/v1/repos/fleet/${name}/contents/deploy`, { body: [{ name: 'app.yaml', type: 'file' }] });
  };
  const manifest = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: { name: 'org-apps', namespace: 'argocd' },
    spec: {
      generators: [
        {
          scmProvider: {
            gitea: { owner: 'fleet', api: '', tokenRef: { secretName: 'gitea-token', key: 'token' } },
            cloneProtocol: 'https',
            filters: [{ pathsExist: ['deploy'] }],
          },
        },
      ],
      template: {
        metadata: { name: '{{repository}}-{{branch}}' },
        spec: {
          project: 'default',
          source: { repoURL: '{{url}}', targetRevision: '{{sha}}', path: 'deploy' },
          destination: { name: 'workloads', namespace: '{{repository}}' },
        },
      },
    },
  };
  const withApi = () => {
    const body = structuredClone(manifest);
    body.spec.generators[0].scmProvider.gitea.api = api.origin;
    return body;
  };
  const liveApps = async (): Promise<AppView[]> =>
    ((await hub.http.get('/api/v1/applications').query({ applicationSet: 'org-apps' }).set(auth).expect(200)).body.items as AppView[]).filter(
      (app) => app.metadata.deletionTimestamp === undefined,
    );
  const errorCondition = (conditions: Condition[]) => conditions.find((condition) => condition.type === 'ErrorOccurred');

  beforeAll(async () => {
    api = await startFakeProviderApi({ authorization: `token ${TOKEN}` });
    hub = await startTestHub({ env: { IN_CLUSTER: 'false' }, clock });
    auth = bearer(hub.adminToken);
    await hub.http.post('/api/v1/clusters').set(auth).send(clusterBody({ name: 'workloads' })).expect(201);
    await hub.http.post('/api/v1/repositories').set(auth).send({ url: `${api.origin}/fleet`, token: TOKEN }).expect(201);
  });

  afterAll(async () => {
    await Promise.all([hub?.close(), api?.stop()]);
  });

  it('creates one application per repository that holds the path, at its default branch commit', async () => {
    api.on('GET', ORG_REPOS, { body: [repository(1, 'api'), repository(2, 'docs'), repository(3, 'web')] });
    serveRepository('api', sha('a'), true);
    serveRepository('docs', sha('d'), false);
    serveRepository('web', sha('b'), true);
    const created = await hub.http.post('/api/v1/applicationsets').set(auth).send(withApi()).expect(201);
    expect(errorCondition(created.body.status.conditions as Condition[])).toMatchObject({ status: 'False' });
    const apps = (await liveApps()).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    expect(apps.map((app) => [app.metadata.name, app.spec.source.repoURL, app.spec.source.targetRevision])).toEqual([
      ['api-main', cloneUrl('api'), sha('a')],
      ['web-main', cloneUrl('web'), sha('b')],
    ]);
    const calls = api.requests();
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((call) => call.authorization === `token ${TOKEN}`)).toBe(true);
  });

  it('follows the organization: a repository that gains the path, a new commit on another', async () => {
    serveRepository('docs', sha('d'), true);
    serveRepository('api', sha('c'), true);
    await hub.http.post('/api/v1/applicationsets/org-apps/refresh').set(auth).expect(200);
    const apps = await liveApps();
    expect(apps.map((app) => app.metadata.name).sort()).toEqual(['api-main', 'docs-main', 'web-main']);
    expect(apps.find((app) => app.metadata.name === 'api-main')?.spec.source.targetRevision).toBe(sha('c'));
  });

  it('fails the set with a condition naming the provider when the API is down, and deletes nothing', async () => {
    await api.stop();
    const refreshed = await hub.http.post('/api/v1/applicationsets/org-apps/refresh').set(auth).expect(200);
    const condition = errorCondition(refreshed.body.status.conditions as Condition[]);
    expect(condition).toMatchObject({ status: 'True', message: expect.stringMatching(/scmProvider\.gitea: .*gitea API http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/) });
    expect(JSON.stringify(refreshed.body)).not.toContain(TOKEN);
    expect((await liveApps()).map((app) => app.metadata.name).sort()).toEqual(['api-main', 'docs-main', 'web-main']);
  });
});
