// @peculiar/x509 (used by the test server's TLS helper) needs the Reflect metadata polyfill loaded first.
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toAppConfig, type AppConfig } from '../../src/config/app-config';
import { rawConfigSchema } from '../../src/config/config.schema';
import { InClusterConnection } from '../../src/kubernetes/in-cluster-connection';
import { InClusterDecisionReader } from '../../src/kubernetes/in-cluster-decision-reader';
import { KubernetesClientFactory } from '../../src/kubernetes/kubernetes-client.factory';
import { call } from '../kube-api/http';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api';
import { buildKubeconfig } from '../support/kube-api/kubeconfig';
import { acmPlacementConfigMap, createPlacementDecision, decide, installPlacementDecisions, PLACEMENT_GROUP, PLACEMENT_LABEL, PLACEMENT_VERSION } from '../support/placement-decisions';

const NAMESPACE = 'gitops';
const PLACEMENTS = { group: PLACEMENT_GROUP, version: PLACEMENT_VERSION, resource: 'placementdecisions' };

// The adapter the clusterDecisionResource generator reads the hub's own cluster through, against the Kubernetes API test server.
describe('InClusterDecisionReader', () => {
  let server: KubeApiServer;
  let dir: string;
  let factory: KubernetesClientFactory;

  const config = (env: Record<string, string>): AppConfig => toAppConfig(rawConfigSchema.parse({ ARGOCD_NAMESPACE: NAMESPACE, ...env }));
  const kubeconfigWith = (token: string): string => {
    const file = path.join(dir, `${token.slice(0, 8)}.kubeconfig`);
    fs.writeFileSync(file, buildKubeconfig({ name: 'hub', server: server.server, caData: server.caData, token }), { mode: 0o600 });
    return file;
  };
  const reader = (env: Record<string, string>) => {
    const appConfig = config(env);
    return new InClusterDecisionReader(new InClusterConnection(appConfig), factory, appConfig);
  };
  let token: string;
  const enabled = () => reader({ IN_CLUSTER: 'true', IN_CLUSTER_KUBECONFIG: kubeconfigWith(token) });

  beforeAll(async () => {
    server = await startKubeApiServer({ name: 'hub', namespaces: [NAMESPACE] });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'decision-reader-'));
    factory = new KubernetesClientFactory();
    token = server.addToken();
    await installPlacementDecisions(server);
    await call(server, `/api/v1/namespaces/${NAMESPACE}/configmaps`, { method: 'POST', body: acmPlacementConfigMap(NAMESPACE) });
    await createPlacementDecision(server, NAMESPACE, 'web-1', 'web');
    await createPlacementDecision(server, NAMESPACE, 'web-2', 'web');
    await createPlacementDecision(server, NAMESPACE, 'db-1', 'db');
    await decide(server, NAMESPACE, 'web-1', ['east']);
  });

  afterAll(async () => {
    factory?.close();
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads a ConfigMap of its namespace, and says when there is none', async () => {
    const decisions = enabled();
    expect(decisions.namespace).toBe(NAMESPACE);
    expect(await decisions.configMapData('acm-placement')).toEqual({ apiVersion: 'cluster.open-cluster-management.io/v1beta1', kind: 'placementdecisions', statusListKey: 'decisions', matchKey: 'clusterName' });
    expect(await decisions.configMapData('missing')).toBeUndefined();
  });

  it('lists the decision resources by name or by label selector, statuses included', async () => {
    const decisions = enabled();
    const byName = await decisions.listResources({ ...PLACEMENTS, name: 'web-1' });
    expect(byName).toEqual([expect.objectContaining({ metadata: expect.objectContaining({ name: 'web-1' }), status: { decisions: [{ clusterName: 'east', reason: 'Selected' }] } })]);
    const byLabel = await decisions.listResources({ ...PLACEMENTS, labelSelector: `${PLACEMENT_LABEL} in (web)` });
    expect(byLabel.map((item) => (item.metadata as { name: string }).name)).toEqual(['web-1', 'web-2']);
    expect(await decisions.listResources({ ...PLACEMENTS, name: 'nope' })).toEqual([]);
  });

  const refusals: { name: string; read: () => Promise<unknown>; message: RegExp }[] = [
    { name: 'in-cluster not enabled', read: () => reader({ IN_CLUSTER: 'false' }).configMapData('acm-placement'), message: /^the hub's own cluster is not enabled \(IN_CLUSTER\)/ },
    { name: 'no credentials', read: () => reader({ IN_CLUSTER: 'true' }).configMapData('acm-placement'), message: /no service-account token is mounted and IN_CLUSTER_KUBECONFIG is not set/ },
    { name: 'a kind the API server does not serve', read: () => enabled().listResources({ ...PLACEMENTS, resource: 'PlacementDecision' }), message: /does not serve PlacementDecision in cluster.open-cluster-management.io\/v1beta1 \(HTTP 404\)/ },
  ];
  it.each(refusals)('rejects with a message naming what failed: $name', async ({ read, message }) => {
    await expect(read()).rejects.toThrow(message);
  });

  it('names a refused token without showing it', async () => {
    const revoked = server.addToken();
    const decisions = reader({ IN_CLUSTER: 'true', IN_CLUSTER_KUBECONFIG: kubeconfigWith(revoked) });
    server.revokeToken(revoked);
    const error = await decisions.configMapData('acm-placement').then(() => undefined, (reason: unknown) => reason as Error);
    expect(error?.message).toBe("the hub's own cluster: ConfigMap gitops/acm-placement: the API server rejected the hub's credentials (HTTP 401)");
    expect(error?.message).not.toContain(revoked);
  });

  it('names an API server that cannot be reached', async () => {
    const decisions = enabled();
    await server.faults.goOffline();
    try {
      await expect(decisions.listResources({ ...PLACEMENTS, name: 'web-1' })).rejects.toThrow(/^the hub's own cluster: list placementdecisions in .*: no connection to the API server \(ECONNREFUSED\)/);
    } finally {
      await server.faults.goOnline();
    }
    expect(await decisions.listResources({ ...PLACEMENTS, name: 'web-1' })).toHaveLength(1);
  });
});
