import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startKubeApiServer, type KubeApiServer } from '../../test/support/kube-api';

/** The demo's fleet: what the example's rolling set selects on (`env`) and the overlay each cluster gets. */
export const DEMO_CLUSTERS = [
  { name: 'staging', labels: { env: 'staging', region: 'eu' } },
  { name: 'prod-eu', labels: { env: 'production', region: 'eu' } },
  { name: 'prod-us', labels: { env: 'production', region: 'us' } },
] as const;

/** The example's RollingSync set (staging first, then production one cluster at a time) and its project. */
export const DEMO_PROJECT_FILE = 'projects/platform.yaml';
export const DEMO_APPLICATION_SET_FILE = 'applicationsets/my-api-rolling.yaml';
export const DEMO_APPLICATION_SET = 'my-api-rollout';

export interface SandboxCluster {
  name: string;
  server: KubeApiServer;
}

/** One Kubernetes API test server per demo cluster (the same servers `npm run sandbox-cluster` starts). */
export async function startSandboxClusters(controllerDelayMs: number): Promise<SandboxCluster[]> {
  const started: SandboxCluster[] = [];
  try {
    for (const { name } of DEMO_CLUSTERS) started.push({ name, server: await startKubeApiServer({ name, controllerDelayMs }) });
  } catch (error) {
    await Promise.all(started.map((c) => c.server.stop()));
    throw error;
  }
  return started;
}

/** A caller of the hub's API with the demo's admin token; any answer but 2xx stops the demo with the hub's reason. */
export function hubApi(url: string, token: string) {
  return async (method: string, path: string, body?: string, contentType = 'application/json'): Promise<unknown> => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': contentType }) },
      body,
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  };
}

/**
 * Registers the sandbox clusters with their labels, then creates the example's project and rolling set from the
 * demo repository (whose repoURL already points at that repository): the set's first rollout starts at once.
 */
export async function applyDemoFleet(api: ReturnType<typeof hubApi>, clusters: readonly SandboxCluster[], repoDir: string): Promise<void> {
  for (const { name, server } of clusters) {
    const labels = DEMO_CLUSTERS.find((c) => c.name === name)?.labels;
    const body = { name, server: server.server, labels, credentials: { bearerToken: server.token }, tls: { caData: server.caData } };
    await api('POST', '/api/v1/clusters', JSON.stringify(body));
  }
  await api('POST', '/api/v1/projects', readFileSync(join(repoDir, DEMO_PROJECT_FILE), 'utf8'), 'application/yaml');
  await api('POST', '/api/v1/applicationsets', readFileSync(join(repoDir, DEMO_APPLICATION_SET_FILE), 'utf8'), 'application/yaml');
}
