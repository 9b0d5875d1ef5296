// @peculiar/x509 (used by the test server's TLS helper) needs the Reflect metadata polyfill loaded first.
import 'reflect-metadata';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api';
import { ClusterApis } from '../../src/kubernetes/cluster-apis';
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
});
