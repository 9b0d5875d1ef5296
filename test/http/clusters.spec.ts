import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterBody, kubeconfigYaml } from '../support/builders';
import { bearer, startTestHub, type TestHub } from '../support/test-hub';

describe('cluster registry', () => {
  let hub: TestHub;
  let auth: Record<string, string>;

  beforeAll(async () => {
    hub = await startTestHub();
    auth = bearer(hub.adminToken);
  });

  afterAll(async () => {
    await hub.close();
  });

  const register = (body: Record<string, unknown>) => hub.http.post('/api/v1/clusters').set(auth).send(body);

  it('registers a cluster and never returns its credentials', async () => {
    const body = clusterBody({ name: 'reg-1', annotations: { 'team.example/owner': 'platform' }, project: 'platform' });
    const response = await register(body).expect(201);
    expect(response.body).toEqual({
      name: 'reg-1',
      nameNormalized: 'reg-1',
      server: body.server,
      project: 'platform',
      labels: { env: 'staging' },
      annotations: { 'team.example/owner': 'platform' },
      credentials: { type: 'bearerToken', updatedAt: expect.any(String) },
      tls: { caFingerprint: null, serverName: null, insecureSkipTLSVerify: false },
      status: { connectionState: 'Unknown', serverVersion: null, message: null, lastCheckedAt: null },
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const fetched = await hub.http.get('/api/v1/clusters/reg-1').set(auth).expect(200);
    expect(fetched.body).toEqual(response.body);
    expect(JSON.stringify(fetched.body)).not.toContain((body.credentials as { bearerToken: string }).bearerToken);
  });

  it('accepts a YAML registration', async () => {
    const body = clusterBody({ name: 'yaml-1' });
    const response = await hub.http.post('/api/v1/clusters').set(auth).set('Content-Type', 'application/yaml').send(stringify(body)).expect(201);
    expect(response.body.name).toBe('yaml-1');
  });

  it('keeps any cluster name, routes it URL-encoded and derives nameNormalized as Argo CD does', async () => {
    await register(clusterBody({ name: 'Prod/EU West_1' })).expect(201);
    const response = await hub.http.get(`/api/v1/clusters/${encodeURIComponent('Prod/EU West_1')}`).set(auth).expect(200);
    expect(response.body).toMatchObject({ name: 'Prod/EU West_1', nameNormalized: 'prod-eu-west-1' });
  });

  it('refuses a taken name or server with 409 and keeps the first', async () => {
    const first = clusterBody({ name: 'dup' });
    await register(first).expect(201);
    const sameName = await register(clusterBody({ name: 'dup' })).expect(409);
    expect(sameName.body.details).toEqual([{ field: 'name', reason: 'already exists' }]);
    const sameServer = await register(clusterBody({ server: `${first.server as string}/` })).expect(409);
    expect(sameServer.body.details).toEqual([{ field: 'server', reason: 'already registered' }]);
  });

  it('registers from a kubeconfig: server and credentials come from its context', async () => {
    const kubeconfig = kubeconfigYaml({ server: 'https://127.0.0.1:29001', insecure: true });
    const response = await register({ name: 'from-kubeconfig', credentials: { kubeconfig } }).expect(201);
    expect(response.body).toMatchObject({
      server: 'https://127.0.0.1:29001',
      credentials: { type: 'kubeconfig' },
      tls: { insecureSkipTLSVerify: true },
    });
    expect(JSON.stringify(response.body)).not.toContain('kubeconfig-token-do-not-leak');
  });

  it('refuses a kubeconfig that needs an exec plugin, naming the field', async () => {
    const kubeconfig = kubeconfigYaml({ server: 'https://127.0.0.1:29002', user: { exec: { command: 'aws', apiVersion: 'client.authentication.k8s.io/v1' } } });
    const response = await register({ name: 'exec', credentials: { kubeconfig } }).expect(400);
    expect(response.body.details[0]).toMatchObject({ field: 'credentials.kubeconfig', reason: expect.stringContaining('exec') });
  });

  describe('listing', () => {
    beforeAll(async () => {
      const fleet = [
        { name: 'sel-a', labels: { fleet: 'sel', env: 'staging', tier: 'web' } },
        { name: 'sel-b', labels: { fleet: 'sel', env: 'production', tier: 'db' } },
        { name: 'sel-c', labels: { fleet: 'sel', env: 'production', tier: 'web' } },
        { name: 'sel-d', labels: { fleet: 'sel', env: 'dev' } },
        { name: 'sel-e', labels: { fleet: 'sel', env: 'staging', legacy: 'true' } },
      ];
      for (const cluster of fleet) await register(clusterBody(cluster)).expect(201);
    });

    it.each([
      { selector: 'env=staging', names: ['sel-a', 'sel-e'] },
      { selector: 'env==production', names: ['sel-b', 'sel-c'] },
      { selector: 'env in (staging,production),tier!=db', names: ['sel-a', 'sel-c', 'sel-e'] },
      { selector: 'env notin (staging,production)', names: ['sel-d'] },
      { selector: 'tier', names: ['sel-a', 'sel-b', 'sel-c'] },
      { selector: '!tier', names: ['sel-d', 'sel-e'] },
      { selector: 'tier!=web', names: ['sel-b', 'sel-d', 'sel-e'] },
      { selector: 'legacy,env=staging', names: ['sel-e'] },
      { selector: 'env=nowhere', names: [] },
    ])('selector $selector', async ({ selector, names }) => {
      const response = await hub.http.get('/api/v1/clusters').query({ selector: `fleet=sel,${selector}` }).set(auth).expect(200);
      expect(response.body.items.map((c: { name: string }) => c.name)).toEqual(names);
    });

    it('pages with limit and cursor, in name order, without repeats or gaps', async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const response = await hub.http.get('/api/v1/clusters').query({ selector: 'fleet=sel', limit: 2, ...(cursor ? { cursor } : {}) }).set(auth).expect(200);
        seen.push(...response.body.items.map((c: { name: string }) => c.name));
        cursor = response.body.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual(['sel-a', 'sel-b', 'sel-c', 'sel-d', 'sel-e']);
    });
  });

  it('merge-patches labels and annotations (null removes) and keeps the rest', async () => {
    await register(clusterBody({ name: 'patch-me', labels: { env: 'staging', tier: 'web' }, annotations: { note: 'a' } })).expect(201);
    const response = await hub.http
      .patch('/api/v1/clusters/patch-me')
      .set(auth)
      .set('Content-Type', 'application/merge-patch+json')
      .send({ labels: { env: 'production', tier: null, region: 'eu' }, annotations: { note: null } })
      .expect(200);
    expect(response.body.labels).toEqual({ env: 'production', region: 'eu' });
    expect(response.body.annotations).toEqual({});
    expect(response.body.credentials.type).toBe('bearerToken');
  });

  it('refuses a patch with a bad label and changes nothing', async () => {
    await register(clusterBody({ name: 'patch-bad', labels: { env: 'staging' } })).expect(201);
    const response = await hub.http.patch('/api/v1/clusters/patch-bad').set(auth).send({ labels: { env: 'not valid!' } }).expect(400);
    expect(response.body.details[0].field).toBe('labels.env');
    const after = await hub.http.get('/api/v1/clusters/patch-bad').set(auth).expect(200);
    expect(after.body.labels).toEqual({ env: 'staging' });
  });

  it('moves a cluster to a new server and refuses one already taken', async () => {
    const other = clusterBody({ name: 'move-other' });
    await register(other).expect(201);
    await register(clusterBody({ name: 'move-me' })).expect(201);
    await hub.http.patch('/api/v1/clusters/move-me').set(auth).send({ server: other.server }).expect(409);
    const moved = await hub.http.patch('/api/v1/clusters/move-me').set(auth).send({ server: 'https://localhost:29999' }).expect(200);
    expect(moved.body.server).toBe('https://localhost:29999');
    expect(moved.body.credentials.type).toBe('bearerToken');
  });

  it('deletes a cluster', async () => {
    await register(clusterBody({ name: 'delete-me' })).expect(201);
    await hub.http.delete('/api/v1/clusters/delete-me').set(auth).expect(204);
    await hub.http.get('/api/v1/clusters/delete-me').set(auth).expect(404);
    await hub.http.delete('/api/v1/clusters/delete-me').set(auth).expect(404);
  });
});
