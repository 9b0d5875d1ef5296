import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplicationSetsService } from '../../src/applicationsets/application-sets.service';
import { clusterBody } from '../support/builders';
import { bearer, startTestHub, type TestHub } from '../support/test-hub';

// A repository URL with its password inline must never be stored or echoed: every manifest that carries one
// gets a 422 naming the field, with the URL masked, and nothing is saved.
const SECRET = 'ghp_inline-password-do-not-leak';
const SERVER = 'https://127.0.0.1:31401';

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details: { field: string; reason: string }[];
}

describe('repository URLs that embed a password', () => {
  let hub: TestHub;
  let auth: Record<string, string>;

  beforeAll(async () => {
    hub = await startTestHub();
    auth = bearer(hub.adminToken);
    await hub.http.post('/api/v1/clusters').set(auth).send(clusterBody({ name: 'edge-1', server: SERVER, annotations: { 'git-user': 'ci' } })).expect(201);
  });

  afterAll(async () => {
    await hub.close();
  });

  const expectRefusal = (body: ErrorBody, field: string, shown: string) => {
    expect(body).toMatchObject({ statusCode: 422, code: 'Unprocessable', details: [{ field, reason: expect.any(String) }] });
    expect(`${body.message} ${body.details[0].reason}`).toContain(shown);
    expect(JSON.stringify(body)).not.toContain(SECRET);
  };

  describe('POST /api/v1/repositories', () => {
    it.each([
      { name: 'https', url: `https://ci:${SECRET}@127.0.0.1/org/a.git`, shown: 'https://***@127.0.0.1/org/a.git' },
      { name: 'http', url: `http://ci:${SECRET}@127.0.0.1:8080/org/a.git`, shown: 'http://***@127.0.0.1:8080/org/a.git' },
      { name: 'ssh', url: `ssh://git:${SECRET}@127.0.0.1/org/a.git`, shown: 'ssh://***@127.0.0.1/org/a.git' },
      { name: 'scp-like', url: `git:${SECRET}@127.0.0.1:org/a.git`, shown: '***@127.0.0.1:org/a.git' },
    ])('answers 422 for a $name URL with a password, and stores nothing', async ({ url, shown }) => {
      const response = await hub.http.post('/api/v1/repositories').set(auth).send({ url, username: 'ci', token: 'separate-token' }).expect(422);
      expectRefusal(response.body, 'url', shown);
      expect((await hub.http.get('/api/v1/repositories').set(auth).expect(200)).body.items).toEqual([]);
    });

    it.each([
      { name: 'an https user name', body: { url: 'https://git@127.0.0.1/org/b.git', username: 'ci', token: 'separate-token' } },
      { name: 'an ssh user name', body: { url: 'ssh://git@127.0.0.1/org/c.git' } },
      { name: 'scp-like syntax', body: { url: 'git@127.0.0.1:org/d.git' } },
    ])('still accepts $name without a password', async ({ body }) => {
      const created = await hub.http.post('/api/v1/repositories').set(auth).send(body).expect(201);
      await hub.http.delete(`/api/v1/repositories/${created.body.id}`).set(auth).expect(204);
    });
  });

  describe('AppProjects', () => {
    const project = (sourceRepos: string[]) => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'AppProject', metadata: { name: 'leaky' }, spec: { sourceRepos, destinations: [{ server: '*', namespace: '*' }] } });

    it('answers 422 for a source repository with a password, on create and replace, and stores nothing', async () => {
      const body = project(['https://127.0.0.1/org/ok.git', `!https://ci:${SECRET}@127.0.0.1/org/**`]);
      expectRefusal((await hub.http.post('/api/v1/projects').set(auth).send(body).expect(422)).body, 'spec.sourceRepos[1]', '!https://***@127.0.0.1/org/**');
      expectRefusal((await hub.http.put('/api/v1/projects/leaky').set(auth).send(body).expect(422)).body, 'spec.sourceRepos[1]', '!https://***@127.0.0.1/org/**');
      await hub.http.get('/api/v1/projects/leaky').set(auth).expect(404);
    });

    it('accepts user names without a password', async () => {
      await hub.http.post('/api/v1/projects').set(auth).send(project(['https://git@127.0.0.1/org/*', 'git@127.0.0.1:org/*'])).expect(201);
      await hub.http.delete('/api/v1/projects/leaky').set(auth).expect(204);
    });
  });

  describe('ApplicationSets', () => {
    const appSet = (name: string, repoURL: string, element: Record<string, string> = {}) => ({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'ApplicationSet',
      metadata: { name },
      spec: {
        generators: [{ list: { elements: [{ c: 'edge-1', url: SERVER, ...element }] } }],
        template: {
          metadata: { name: `${name}-{{c}}` },
          spec: { project: 'default', source: { repoURL, path: 'apps' }, destination: { server: '{{url}}', namespace: 'x' } },
        },
      },
    });
    const storedNames = async () => (await hub.http.get('/api/v1/applicationsets').set(auth).expect(200)).body.items.map((set: { metadata: { name: string } }) => set.metadata.name);

    it('answers 422 for a template repoURL with a password on create, replace and preview, and stores nothing', async () => {
      const body = appSet('inline', `https://ci:${SECRET}@127.0.0.1/org/app.git`);
      for (const send of [hub.http.post('/api/v1/applicationsets'), hub.http.put('/api/v1/applicationsets/inline'), hub.http.post('/api/v1/applicationsets/preview')]) {
        expectRefusal((await send.set(auth).send(body).expect(422)).body, 'spec.template.spec.source.repoURL', 'https://***@127.0.0.1/org/app.git');
      }
      expect(await storedNames()).not.toContain('inline');
    });

    it('answers 422 when a parameter puts a password into the generated repoURL, and stores nothing', async () => {
      const body = appSet('injected', '{{repo}}', { repo: `https://ci:${SECRET}@127.0.0.1/org/app.git` });
      const response = await hub.http.post('/api/v1/applicationsets').set(auth).send(body).expect(422);
      expectRefusal(response.body, 'spec.template.spec.source.repoURL', 'application "injected-edge-1"');
      expect(response.body.message).toContain('https://***@127.0.0.1/org/app.git');
      expect(await storedNames()).not.toContain('injected');
      expect((await hub.http.get('/api/v1/applications').query({ applicationSet: 'injected' }).set(auth).expect(200)).body.items).toEqual([]);
    });

    it('keeps a stored set and its applications unchanged when a replacement would generate a password', async () => {
      await hub.http.post('/api/v1/applicationsets').set(auth).send(appSet('kept', 'https://127.0.0.1/org/app.git')).expect(201);
      const leaky = appSet('kept', '{{repo}}', { repo: `https://ci:${SECRET}@127.0.0.1/org/app.git` });
      expectRefusal((await hub.http.put('/api/v1/applicationsets/kept').set(auth).send(leaky).expect(422)).body, 'spec.template.spec.source.repoURL', '***@127.0.0.1');
      const stored = await hub.http.get('/api/v1/applicationsets/kept').set(auth).expect(200);
      expect(stored.body.spec.template.spec.source.repoURL).toBe('https://127.0.0.1/org/app.git');
      const app = await hub.http.get('/api/v1/applications/kept-edge-1').set(auth).expect(200);
      expect(app.body.spec.source.repoURL).toBe('https://127.0.0.1/org/app.git');
    });

    it('fails the re-expansion, changing nothing, when a cluster annotation later injects a password', async () => {
      const template = 'https://{{metadata.annotations.git-user}}@127.0.0.1/org/app.git';
      const body = appSet('annotated', template);
      body.spec.generators = [{ clusters: {} }] as never;
      body.spec.template.spec.destination.server = '{{server}}';
      body.spec.template.metadata.name = 'annotated-{{name}}';
      await hub.http.post('/api/v1/applicationsets').set(auth).send(body).expect(201);
      await hub.http.get('/api/v1/applications/annotated-edge-1').set(auth).expect(200);
      await hub.http.patch('/api/v1/clusters/edge-1').set(auth).send({ annotations: { 'git-user': `ci:${SECRET}` } }).expect(200);
      // The pass the registry change triggers, run now instead of waiting for its debounce.
      await hub.app.get(ApplicationSetsService).reconcileAll();
      const set = await hub.http.get('/api/v1/applicationsets/annotated').set(auth).expect(200);
      expect(set.body.status.conditions).toEqual(
        expect.arrayContaining([expect.objectContaining({ type: 'ErrorOccurred', status: 'True', reason: 'CredentialInRepoURL', message: expect.stringContaining('https://***@127.0.0.1/org/app.git') })]),
      );
      expect(JSON.stringify(set.body.status)).not.toContain(SECRET);
      const app = await hub.http.get('/api/v1/applications/annotated-edge-1').set(auth).expect(200);
      expect(app.body.spec.source.repoURL).toBe('https://ci@127.0.0.1/org/app.git');
    });
  });
});
