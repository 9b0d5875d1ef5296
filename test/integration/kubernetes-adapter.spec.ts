// @peculiar/x509 (used by the test server's TLS helper) needs the Reflect metadata polyfill loaded first.
import 'reflect-metadata';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api';
import { builtInKinds } from '../../src/kubernetes/built-in-kinds';
import { ClusterApis } from '../../src/kubernetes/cluster-apis';
import { ClusterHttpError, groupVersionPath } from '../../src/kubernetes/cluster-http';
import type { ClusterConnection } from '../../src/kubernetes/cluster-connection';
import { parseKubeconfig } from '../../src/kubernetes/kubeconfig';
import { KubernetesClientFactory } from '../../src/kubernetes/kubernetes-client.factory';

// The project's Kubernetes API test server: the adapter end to end, from a kubeconfig to object calls.
let api: KubeApiServer;
let factory: KubernetesClientFactory;

function fromKubeconfig(yaml: string, credentialsVersion = '1'): ClusterConnection {
  return { id: 'test-cluster', credentialsVersion, ...parseKubeconfig(yaml) };
}

beforeAll(async () => {
  api = await startKubeApiServer({ name: 'adapter-spec' });
});

afterAll(async () => {
  await api.stop();
});

afterEach(() => {
  factory.close();
});

describe('adapter against the Kubernetes API test server', () => {
  const kubeconfigs: { name: string; yaml: () => string }[] = [
    { name: 'token kubeconfig', yaml: () => api.kubeconfig },
    { name: 'client certificate kubeconfig', yaml: () => api.certKubeconfig },
  ];
  it.each(kubeconfigs)('probes the version with the $name', async ({ yaml }) => {
    factory = new KubernetesClientFactory();
    const result = await factory.probeVersion(fromKubeconfig(yaml()), { timeoutMs: 5_000 });
    expect(result).toMatchObject({ ok: true, serverVersion: expect.stringMatching(/^v1\./) });
  });

  it.each(kubeconfigs)('applies and reads objects through the cluster API with the $name', async ({ yaml }) => {
    factory = new KubernetesClientFactory();
    const objects = new ClusterApis(factory).for(fromKubeconfig(yaml()));
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'adapter-spec', namespace: 'default' }, data: { greeting: 'hello' } };
    await objects.apply(configMap, { dryRun: false });
    const read = await objects.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'adapter-spec' });
    expect(read?.data).toEqual({ greeting: 'hello' });
  });

  it('picks up a rotated token without a restart and reports a revoked one', async () => {
    factory = new KubernetesClientFactory();
    const original = fromKubeconfig(api.kubeconfig);
    await expect(factory.probeVersion(original, { timeoutMs: 5_000 })).resolves.toMatchObject({ ok: true });

    const newToken = api.addToken();
    const rotated: ClusterConnection = { ...original, credentialsVersion: '2', credentials: { type: 'bearerToken', bearerToken: newToken } };
    await expect(factory.probeVersion(rotated, { timeoutMs: 5_000 })).resolves.toMatchObject({ ok: true });

    api.revokeToken(newToken);
    const revoked = await factory.probeVersion(rotated, { timeoutMs: 5_000 });
    expect(revoked).toMatchObject({ ok: false, reason: 'Unauthorized' });
    expect(JSON.stringify(revoked)).not.toContain(newToken);
  });

  it("maps Kubernetes's own kinds as the server's discovery does, and a first apply of a Deployment reads no discovery document", async () => {
    factory = new KubernetesClientFactory();
    const conn = fromKubeconfig(api.kubeconfig);
    // The table against every group version the test server serves (it is checked against kubectl in its own tests).
    const http = factory.clusterHttp(conn);
    let compared = 0;
    for (const { apiVersion, resource } of builtInKinds()) {
      let body: string;
      try {
        body = await http.request({ method: 'GET', path: groupVersionPath(apiVersion) });
      } catch (error) {
        if (error instanceof ClusterHttpError && error.status === 404) continue;
        throw error;
      }
      const served = (JSON.parse(body) as { resources: { name: string; kind: string; namespaced: boolean }[] }).resources.find((r) => r.kind === resource.kind && !r.name.includes('/'));
      if (served === undefined) continue;
      expect({ apiVersion, name: served.name, namespaced: served.namespaced }).toEqual({ apiVersion, name: resource.name, namespaced: resource.namespaced });
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(10);
    factory.close();

    factory = new KubernetesClientFactory();
    api.counters.reset();
    const objects = new ClusterApis(factory).for(conn, ['v1']);
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'adapter-spec', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'adapter-spec' } }, template: { metadata: { labels: { app: 'adapter-spec' } }, spec: { containers: [{ name: 'app', image: 'nginx' }] } } },
    };
    await objects.apply(deployment, { dryRun: false });
    await expect(objects.list('apps/v1', 'Deployment', 'app=none')).resolves.toEqual([]);
    // One look at the served group versions (`/apis`), then the apply and the list: no /api/v1 or /apis/apps/v1.
    expect(api.counters.snapshot().byVerbAndResource).toEqual({ 'get discovery': 1, 'apply deployments.apps': 1, 'list deployments.apps': 1 });
  });
});
