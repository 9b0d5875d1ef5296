import { createServer, type Server } from 'node:https';
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Clock } from '../../../src/clock/clock';
import { SystemClock } from '../../../src/clock/system-clock';
import { randomToken, TokenRegistry, type TokenOptions } from './auth';
import { Catalogue } from './catalogue';
import { Controllers } from './controllers';
import { Counters, type RequestCounters } from './counters';
import { DiscoveryCache } from './discovery';
import { NO_FAULTS, type FaultControls, type FaultSettings } from './faults';
import type { JsonObject } from './json';
import { buildCertKubeconfig, buildKubeconfig } from './kubeconfig';
import { ObjectService } from './objects';
import { route } from './router';
import { ObjectStore } from './store';
import { generateTlsMaterial } from './tls';

export type { TokenOptions } from './auth';
export type { CounterSnapshot, RequestCounters } from './counters';
export type { FaultControls, FaultSettings } from './faults';

export interface KubeApiServerOptions {
  /** Names the cluster, user and context in the kubeconfig. Default `kube-api-test`. */
  name?: string;
  /** Port on 127.0.0.1; default 0 (an ephemeral port). */
  port?: number;
  /** The admin bearer token; random when omitted. */
  token?: string;
  /** Delay before simulated controllers report workloads settled (and Jobs finished). Default 1000 ms. */
  controllerDelayMs?: number;
  /**
   * The clock the simulated controllers wait on (status writes, namespace clean-up, garbage collection, CRD
   * establishment). Default real time. With a `FakeClock` they act only when the test advances it: `advance(0)`
   * runs what they do at once, `advance(controllerDelayMs)` settles workloads.
   */
  clock?: Clock;
  /**
   * Multiplies the durations of Argo Rollouts `pause` steps (simulated once the Rollout CRD is applied), e.g. 0.001
   * for a 10 ms `pause: {duration: 10s}`. Default 1. New canary pods become ready after `controllerDelayMs`.
   */
  rolloutTimeScale?: number;
  /** Watch events retained; a watch from an older resourceVersion gets 410 Expired. Default 1000. */
  watchHistory?: number;
  /** Namespaces created at start in addition to default, kube-system, kube-public and kube-node-lease. */
  namespaces?: string[];
}

export interface KubeApiServer {
  /** The API server URL, `https://127.0.0.1:<port>` (what a kubeconfig and the hub's cluster registry call `server`). */
  server: string;
  /** The same URL (kept for readability at call sites that build requests). */
  url: string;
  /** The in-process HTTPS listener. */
  httpsServer: Server;
  port: number;
  /** PEM of the instance's CA. */
  caData: string;
  /** Admin bearer token (full access). */
  token: string;
  /** PEM client certificate signed by the CA (user kubernetes-admin, group system:masters). */
  clientCertificateData: string;
  /** PEM (PKCS#8) key of the client certificate. */
  clientKeyData: string;
  /** kubeconfig YAML using the admin token. */
  kubeconfig: string;
  /** kubeconfig YAML using the client certificate instead of a token. */
  certKubeconfig: string;
  /** Adds a bearer token, optionally limited to namespaces and verbs; returns it. */
  addToken(options?: TokenOptions): string;
  /** Revokes a token (the admin token too); returns whether it existed. */
  revokeToken(token: string): boolean;
  faults: FaultControls;
  counters: RequestCounters;
  /** Stores an object directly, bypassing HTTP, auth and counters (e.g. Pods, which are read-only over HTTP). */
  seed(obj: JsonObject): JsonObject;
  /**
   * The stored object, read without HTTP, auth or counters (benchmarks poll it to see when a change arrived).
   * `typeKey` is `group/resource`, e.g. `apps/deployments`, or `/namespaces` for the core group.
   */
  peek(typeKey: string, namespace: string, name: string): JsonObject | undefined;
  /** Forgets the watch event history, so older resourceVersions answer 410 Expired. */
  compactWatchHistory(): void;
  /** Ends watches and held requests, drops connections, stops controllers and closes the listener. */
  stop(): Promise<void>;
}

const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
const IDLE_CONNECTION_TIMEOUT_MS = 90_000;

export async function startKubeApiServer(options: KubeApiServerOptions = {}): Promise<KubeApiServer> {
  const name = options.name ?? 'kube-api-test';
  const tls = await generateTlsMaterial(name);
  const catalogue = new Catalogue();
  const store = new ObjectStore(options.watchHistory ?? 1000);
  const controllers = new Controllers(catalogue, options.controllerDelayMs ?? 1000, options.clock ?? new SystemClock(), options.rolloutTimeScale ?? 1);
  const objects = new ObjectService(catalogue, store, (type, obj, deleted) => controllers.onChange(type, obj, deleted));
  controllers.attach(objects);
  const tokens = new TokenRegistry();
  const token = options.token ?? randomToken();
  tokens.addAdmin(token);
  const counters = new Counters();
  let faultSettings: FaultSettings = { ...NO_FAULTS };

  const sockets = new Set<Socket>();
  const streams = new Set<() => void>();
  const held = new Set<ServerResponse>();
  const server = createServer({
    key: tls.serverKey,
    cert: tls.serverCert,
    ca: tls.caCert,
    // Client certificates are optional (token users send none); unverified ones are simply not an identity.
    requestCert: true,
    rejectUnauthorized: false,
  });
  // kube-apiserver keeps an idle connection 90 s (SecureServingInfo: IdleTimeout, "matches http.DefaultTransport
  // keep-alive timeout"), where Node's server would close it after 5 s: a client's next request within the minute
  // goes on the connection it has, as it would against a real API server.
  server.keepAliveTimeout = IDLE_CONNECTION_TIMEOUT_MS;
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const deps = {
    catalogue,
    discovery: new DiscoveryCache(catalogue),
    objects,
    store,
    tokens,
    counters,
    faults: () => faultSettings,
    resetTaken() {
      faultSettings = { ...faultSettings, resetRequests: Math.max(0, faultSettings.resetRequests - 1) };
    },
    trackStream(end: () => void) {
      streams.add(end);
      return () => streams.delete(end);
    },
    hold(res: ServerResponse) {
      held.add(res);
      res.on('close', () => held.delete(res));
    },
  };
  server.on('request', (req, res) => void route(deps, req, res));

  const dropConnections = (): void => {
    for (const end of [...streams]) end();
    for (const res of [...held]) res.destroy();
    for (const socket of [...sockets]) socket.destroy();
  };
  const listen = (port: number): Promise<void> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  const close = (): Promise<void> => new Promise((resolve) => server.close(() => resolve()));

  for (const ns of [...SYSTEM_NAMESPACES, ...(options.namespaces ?? [])]) {
    objects.create(catalogue.find('', 'v1', 'namespaces')!, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }, { manager: 'kube-apiserver', dryRun: false });
  }

  await listen(options.port ?? 0);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const url = `https://127.0.0.1:${port}`;
  let offline = false;

  const faults: FaultControls = {
    set(partial) {
      faultSettings = { ...faultSettings, ...partial };
    },
    clear() {
      faultSettings = { ...NO_FAULTS };
    },
    current: () => ({ ...faultSettings }),
    async goOffline() {
      if (offline) return;
      offline = true;
      const closed = close();
      dropConnections();
      await closed;
    },
    async goOnline() {
      if (!offline) return;
      await listen(port);
      offline = false;
    },
    get offline() {
      return offline;
    },
  };

  return {
    server: url,
    httpsServer: server,
    url,
    port,
    caData: tls.caCert,
    token,
    clientCertificateData: tls.clientCert,
    clientKeyData: tls.clientKey,
    kubeconfig: buildKubeconfig({ name, server: url, caData: tls.caCert, token }),
    certKubeconfig: buildCertKubeconfig({ name, server: url, caData: tls.caCert, certData: tls.clientCert, keyData: tls.clientKey }),
    addToken: (tokenOptions) => tokens.add(tokenOptions),
    revokeToken: (t) => tokens.revoke(t),
    faults,
    counters,
    seed: (obj) => objects.seed(obj),
    peek: (typeKey, namespace, name) => store.get(typeKey, namespace, name),
    compactWatchHistory: () => store.compact(),
    async stop() {
      controllers.stop();
      const closed = offline ? Promise.resolve() : close();
      offline = true;
      dropConnections();
      await closed;
    },
  };
}
