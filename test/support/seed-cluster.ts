import { execFile } from 'node:child_process';
import { KubeConfig } from '@kubernetes/client-node';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { FakeClock } from '../../src/clock/fake-clock';
import { EXAMPLE_PRODUCTION_OVERLAY } from './example-fleet';
import { startKubeApiServer, type KubeApiServer } from './kube-api';
import { KubernetesClientFactory, type ClusterConnection } from '../../src/kubernetes';
import type { ClusterApi } from '../../src/sync/cluster-api';
import { ClusterApis } from '../../src/kubernetes/cluster-apis';
import type { ApplicationIdentity, KubeObject } from '../../src/sync/types';

const WRITE_VERBS = ['create', 'update', 'patch', 'apply', 'delete', 'deletecollection'];

/** An overlay of the example fleet repo (production by default), rendered the way the renderer does it (kubectl's kustomize). */
export async function renderSeedOverlay(overlay = EXAMPLE_PRODUCTION_OVERLAY): Promise<KubeObject[]> {
  const { stdout } = await promisify(execFile)('kubectl', ['kustomize', overlay], { timeout: 20_000, maxBuffer: 1024 * 1024 });
  return parseAllDocuments(stdout).map((doc) => doc.toJS() as KubeObject);
}

// Any delay works: the simulated controllers run on the cluster's FakeClock, which only the test moves.
const CONTROLLER_DELAY_MS = 60;

export interface TestCluster {
  readonly server: KubeApiServer;
  readonly factory: KubernetesClientFactory;
  readonly conn: ClusterConnection;
  readonly api: ClusterApi;
  /** client-node on the same cluster: an independent client, for what a user or another tool does to it. */
  readonly kubeConfig: KubeConfig;
  /** The clock the simulated controllers run on (for waits longer than settleControllers, e.g. canary pauses). */
  readonly clock: FakeClock;
  /** Write requests the server received since the last counter reset. */
  writes(): number;
  /** Lets the simulated controllers finish everything pending (rollouts settle, Jobs finish, CRDs are established). */
  settleControllers(): Promise<void>;
  stop(): Promise<void>;
}

/** A Kubernetes API test server with a client-node ClusterApi in front of it. Stop it in afterAll. */
export async function startTestCluster(name: string, namespaces: string[] = []): Promise<TestCluster> {
  const clock = new FakeClock();
  const server = await startKubeApiServer({ name, controllerDelayMs: CONTROLLER_DELAY_MS, namespaces, clock });
  const factory = new KubernetesClientFactory({ requestTimeoutMs: 3_000 });
  const conn: ClusterConnection = {
    id: name,
    server: server.url,
    credentialsVersion: '1',
    tls: { caData: server.caData },
    credentials: { type: 'bearerToken', bearerToken: server.token },
  };
  return {
    server,
    factory,
    conn,
    api: new ClusterApis(factory).for(conn),
    kubeConfig: clientNodeConfig(server.kubeconfig),
    clock,
    writes: () => WRITE_VERBS.reduce((sum, verb) => sum + server.counters.count({ verb }), 0),
    settleControllers: () => clock.advance(CONTROLLER_DELAY_MS),
    async stop() {
      factory.close();
      await server.stop();
    },
  };
}

export const seedApp = (overrides: Partial<ApplicationIdentity> = {}): ApplicationIdentity => ({
  name: 'my-api-production',
  destinationNamespace: 'production',
  syncOptions: ['CreateNamespace=true'],
  prune: false,
  dryRun: false,
  ...overrides,
});

function clientNodeConfig(kubeconfig: string): KubeConfig {
  const config = new KubeConfig();
  config.loadFromString(kubeconfig);
  return config;
}
