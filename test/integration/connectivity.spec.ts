import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { ConnectivityService } from '../../src/clusters/connectivity.service';
import { ClusterRepository } from '../../src/repositories/cluster.repository';
import { clusterBody, kubeconfigYaml } from '../support/builders';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api';
import { bearer, startTestHub, type TestHub } from '../support/test-hub';

describe('cluster connectivity against the Kubernetes API test server', () => {
  let hub: TestHub;
  let cluster: KubeApiServer;
  let otherCluster: KubeApiServer;
  let thirdCluster: KubeApiServer;
  let auth: Record<string, string>;

  beforeAll(async () => {
    [hub, cluster, otherCluster, thirdCluster] = await Promise.all([
      startTestHub({ env: { CLUSTER_CHECK_TIMEOUT_MS: '1500' } }),
      startKubeApiServer({ name: 'conn-a' }),
      startKubeApiServer({ name: 'conn-b' }),
      startKubeApiServer({ name: 'conn-c' }),
    ]);
    auth = bearer(hub.adminToken);
  });

  afterAll(async () => {
    await Promise.all([hub.close(), cluster.stop(), otherCluster.stop(), thirdCluster.stop()]);
  });

  const register = (body: Record<string, unknown>, query = '') => hub.http.post(`/api/v1/clusters${query}`).set(auth).send(body);
  const check = (name: string) => hub.http.post(`/api/v1/clusters/${encodeURIComponent(name)}/check`).set(auth).expect(200);

  it('succeeds with the right CA and token, recording the server version', async () => {
    await register(clusterBody({ name: 'right-ca', server: cluster.url, credentials: { bearerToken: cluster.token }, tls: { caData: cluster.caData } })).expect(201);
    const response = await check('right-ca');
    expect(response.body.status).toEqual({ connectionState: 'Successful', serverVersion: expect.stringMatching(/^v1\.\d+/), message: null, lastCheckedAt: expect.any(String) });
    expect(response.body.tls.caFingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  it('fails with a certificate reason when the CA is wrong', async () => {
    await register(clusterBody({ name: 'wrong-ca', server: thirdCluster.url, credentials: { bearerToken: thirdCluster.token }, tls: { caData: cluster.caData } })).expect(201);
    const response = await check('wrong-ca');
    expect(response.body.status.connectionState).toBe('Failed');
    expect(response.body.status.message).toMatch(/^CertificateError: /);
  });

  it('fails with Unauthorized for a bad token, without showing the token', async () => {
    await register(clusterBody({ name: 'bad-token', server: otherCluster.url, credentials: { bearerToken: 'not-the-token-123' }, tls: { caData: otherCluster.caData } })).expect(201);
    const response = await check('bad-token');
    expect(response.body.status.connectionState).toBe('Failed');
    expect(response.body.status.message).toMatch(/^Unauthorized: /);
    expect(JSON.stringify(response.body)).not.toContain('not-the-token-123');
  });

  it('connects with a client certificate', async () => {
    const credentials = { clientCertificateData: cluster.clientCertificateData, clientKeyData: Buffer.from(cluster.clientKeyData).toString('base64') };
    await register(clusterBody({ name: 'client-cert', server: `${cluster.url}/`, credentials, tls: { caData: cluster.caData } }), '').expect(409);
    const alias = cluster.url.replace('127.0.0.1', 'localhost');
    await register(clusterBody({ name: 'client-cert', server: alias, credentials, tls: { caData: cluster.caData } })).expect(201);
    const response = await check('client-cert');
    expect(response.body.status.connectionState).toBe('Successful');
    expect(response.body.credentials.type).toBe('clientCertificate');
  });

  it('registers from the server\'s kubeconfig and connects', async () => {
    await hub.http.delete('/api/v1/clusters/right-ca').set(auth).expect(204);
    const response = await register({ name: 'kubeconfig', credentials: { kubeconfig: cluster.kubeconfig } }, '?check=true').expect(201);
    expect(response.body).toMatchObject({ server: cluster.url, credentials: { type: 'kubeconfig' }, status: { connectionState: 'Successful' } });
    await hub.http.delete('/api/v1/clusters/kubeconfig').set(auth).expect(204);
  });

  it('?check=true refuses an unreachable cluster with 422 and saves nothing', async () => {
    const body = clusterBody({ name: 'checked-bad', server: otherCluster.url, credentials: { bearerToken: 'wrong-token-xyz' }, tls: { caData: otherCluster.caData } });
    await hub.http.delete('/api/v1/clusters/bad-token').set(auth).expect(204);
    const response = await register(body, '?check=true').expect(422);
    expect(response.body).toMatchObject({ code: 'ConnectivityCheckFailed', message: expect.stringContaining('Unauthorized') });
    await hub.http.get('/api/v1/clusters/checked-bad').set(auth).expect(404);
  });

  it('rotates credentials without a restart: the next call uses the new token', async () => {
    const oldToken = otherCluster.addToken();
    await register(clusterBody({ name: 'rotating', server: otherCluster.url, credentials: { bearerToken: oldToken }, tls: { caData: otherCluster.caData } })).expect(201);
    expect((await check('rotating')).body.status.connectionState).toBe('Successful');
    otherCluster.revokeToken(oldToken);
    expect((await check('rotating')).body.status.message).toMatch(/^Unauthorized/);
    const newToken = otherCluster.addToken();
    const patched = await hub.http.patch('/api/v1/clusters/rotating').set(auth).send({ credentials: { bearerToken: newToken } }).expect(200);
    expect(Date.parse(patched.body.credentials.updatedAt)).toBeGreaterThan(0);
    expect((await check('rotating')).body.status.connectionState).toBe('Successful');
  });

  it('a scheduled pass checks every cluster, and a dead one does not hold up the others', async () => {
    await register(clusterBody({ name: 'dead', server: 'https://127.0.0.1:9', credentials: { bearerToken: 'x' } })).expect(201);
    await register(clusterBody({ name: 'hanging', server: `https://localhost:${otherCluster.port}`, credentials: { bearerToken: otherCluster.token }, tls: { caData: otherCluster.caData } })).expect(201);
    otherCluster.faults.set({ hang: true });
    try {
      const result = await hub.app.get(ConnectivityService).checkAll();
      expect(result.checked).toBeGreaterThanOrEqual(4);
      const list = await hub.http.get('/api/v1/clusters').set(auth).expect(200);
      const byName = Object.fromEntries(list.body.items.map((c: { name: string; status: { connectionState: string; message: string } }) => [c.name, c.status]));
      expect(byName.dead.message).toMatch(/^ConnectionRefused/);
      expect(byName.hanging.message).toMatch(/^Timeout/);
      expect(byName['client-cert'].connectionState).toBe('Successful');
    } finally {
      otherCluster.faults.clear();
    }
  });

  it('a pass writes the checks that leave a state as it was together, and each change of state on its own, announced once', async () => {
    const token = thirdCluster.addToken();
    const server = thirdCluster.url.replace('127.0.0.1', 'localhost');
    await register(clusterBody({ name: 'batched', server, credentials: { bearerToken: token }, tls: { caData: thirdCluster.caData } })).expect(201);
    const repository = hub.app.get(ClusterRepository);
    const { id } = (await repository.findByName('batched'))!;
    const connectivity = hub.app.get(ConnectivityService);
    const oneByOne = vi.spyOn(repository, 'updateStatus');
    onTestFinished(() => oneByOne.mockRestore());
    const lastChecked = async () => new Map((await repository.listAll()).map((cluster) => [cluster.name, cluster.lastCheckedAt!.getTime()]));
    const announced = async () => Number((await hub.dataSource.query(`SELECT count(*) AS n FROM notification_events WHERE type = 'cluster.unreachable' AND cluster = 'batched'`))[0].n);

    // 'batched' goes from Unknown to Successful: a change of state, written on its own.
    await connectivity.checkAll();
    expect(oneByOne.mock.calls.map(([changed]) => changed)).toContain(id);
    oneByOne.mockClear();
    const before = await lastChecked();

    // Nothing changes: every result is written, none of them on its own.
    const result = await connectivity.checkAll();
    expect(oneByOne).not.toHaveBeenCalled();
    const after = await lastChecked();
    expect(after.size).toBe(result.checked);
    for (const [name, at] of after) expect(at, name).toBeGreaterThan(before.get(name)!);

    thirdCluster.revokeToken(token);
    await connectivity.checkAll();
    await connectivity.checkAll();
    expect(oneByOne.mock.calls.map(([changed]) => changed)).toEqual([id]);
    expect((await repository.findByName('batched'))).toMatchObject({ connectionState: 'Failed', statusMessage: expect.stringMatching(/^Unauthorized/) });
    expect(await announced()).toBe(1);
  });
});

describe('kubeconfig builder sanity', () => {
  it('produces a kubeconfig the hub accepts', () => {
    expect(kubeconfigYaml({ server: 'https://127.0.0.1:1' })).toContain('current-context: test');
  });
});
