/**
 * The one-command demo (`npm run demo`): three sandbox clusters (staging, prod-eu, prod-us), the example fleet
 * repository committed into a local Git repository, the hub on its embedded database, the clusters registered,
 * the example's project and rolling ApplicationSet applied. It prints the dashboard URL, a token and the command
 * that commits a change; Ctrl-C stops everything and deletes every file it made. Loopback only.
 *
 * DEMO_PORT picks the hub's port (default: a free one).
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGitRepo } from '../../test/support/git-repo';
import { applyDemoFleet, DEMO_APPLICATION_SET, DEMO_CLUSTERS, hubApi, startSandboxClusters, type SandboxCluster } from './fleet';
import { HUB_MAIN, startDemoHub, type DemoHub } from './hub';

/** Short intervals so a commit shows up in seconds and a rollout moves while someone watches (defaults are minutes). */
const DEMO_SETTINGS = {
  GIT_POLL_SECONDS: '2',
  RECONCILE_INTERVAL_SECONDS: '2',
  ROLLOUT_INTERVAL_SECONDS: '1',
  CLUSTER_CHECK_INTERVAL_SECONDS: '30',
};
/** How long the sandbox clusters take to report a Deployment ready: long enough to see a step progress. */
const CONTROLLER_DELAY_MS = 1000;

function demoPort(): number {
  const port = Number(process.env.DEMO_PORT ?? '0');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`DEMO_PORT must be a port number, not ${process.env.DEMO_PORT}`);
  return port;
}

async function main(): Promise<void> {
  if (!existsSync(HUB_MAIN)) throw new Error(`${HUB_MAIN} is missing: run "npm run demo" (it builds the hub first) or "npm run build"`);
  const port = demoPort();
  const root = mkdtempSync(join(tmpdir(), 'flotilla-demo-'));
  // Run as root, the hub's embedded PostgreSQL runs as the `postgres` OS account, which must pass through this
  // folder (mkdtemp makes it 0700) to the data dir; no listing, and what is inside keeps its own modes.
  chmodSync(root, 0o711);
  const dataDir = join(root, 'data');
  mkdirSync(dataDir, { mode: 0o700 });
  const hubTmpDir = join(root, 'tmp');
  mkdirSync(hubTmpDir, { mode: 0o700 });
  const logFile = join(root, 'hub.log');
  const token = `demo-${randomBytes(24).toString('base64url')}`;
  let hub: DemoHub | undefined;
  let clusters: SandboxCluster[] = [];
  let stopping: Promise<void> | undefined;
  let firstSignalAt = 0;

  const startup = (async () => {
    const repo = createGitRepo({ example: true, parent: root });
    clusters = await startSandboxClusters(CONTROLLER_DELAY_MS);
    hub = await startDemoHub({ dataDir, tmpDir: hubTmpDir, adminToken: token, port, logFile, settings: DEMO_SETTINGS });
    await applyDemoFleet(hubApi(hub.url, token), clusters, repo.dir);
    return { hub, repo };
  })();
  // A Ctrl-C during start-up waits for the step under way, so nothing it starts is left running. Then the hub
  // (it would otherwise report the clusters gone), the clusters, and every file.
  const shutdown = (): Promise<void> =>
    (stopping ??= (async () => {
      await startup.catch(() => undefined);
      await hub?.stop();
      await Promise.all(clusters.map((c) => c.server.stop()));
      rmSync(root, { recursive: true, force: true });
    })());
  const onSignal = (): void => {
    // A second Ctrl-C leaves at once; one arriving right after the first is the same Ctrl-C relayed by a wrapper.
    if (stopping && Date.now() - firstSignalAt > 1000) process.exit(130);
    if (stopping) return;
    firstSignalAt = Date.now();
    console.log('\nStopping the hub and the clusters…');
    shutdown().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('stopping failed:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    const started = await startup;
    if (stopping) return;
    printWelcome(started.hub.url, token, started.repo.dir, clusters, root);
    void started.hub.exited.then((code) => {
      if (stopping) return;
      console.error(`\nThe hub exited with ${code}. Its last log lines:\n${tail(logFile)}`);
      void shutdown().then(() => process.exit(1));
    });
  } catch (error) {
    if (existsSync(logFile)) console.error(tail(logFile));
    await shutdown();
    throw error;
  }
}

function printWelcome(url: string, token: string, repoDir: string, clusters: readonly SandboxCluster[], root: string): void {
  const auth = `-H "Authorization: Bearer ${token}"`;
  const lines = [
    '',
    'Flotilla demo is running.',
    '',
    `  Dashboard:   ${url}/`,
    `  Token:       ${token}`,
    `  Repository:  ${repoDir}`,
    '',
    'Clusters (Kubernetes API test servers on 127.0.0.1):',
    ...clusters.map(({ name, server }) => {
      const labels: Record<string, string> = DEMO_CLUSTERS.find((c) => c.name === name)?.labels ?? {};
      return `  ${name.padEnd(8)} ${server.server}  ${Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',')}`;
    }),
    '',
    `ApplicationSet ${DEMO_APPLICATION_SET} (RollingSync: staging first, then production one cluster at a time) is`,
    'deploying my-api now. Commit a change and watch it roll across the fleet:',
    '',
    `  npm run -s demo:change -- ${repoDir}`,
    '',
    `  (or edit anything under ${join(repoDir, 'apps/my-api')} and run: git -C ${repoDir} commit -am 'my change')`,
    '',
    `  curl -s ${auth} '${url}/api/v1/rollouts?applicationSet=${DEMO_APPLICATION_SET}'`,
    `  curl -s ${auth} '${url}/api/v1/applications'`,
    '',
    `Hub log: ${join(root, 'hub.log')}`,
    `Ctrl-C stops the hub and the clusters and deletes ${root}`,
    '',
  ];
  console.log(lines.join('\n'));
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-20).join('\n');
  } catch {
    return '';
  }
}

main().catch((error: unknown) => {
  console.error('The demo failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
