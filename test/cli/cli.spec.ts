import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../kube-api/http';
import { kubeconfigYaml } from '../support/builders';
import { exampleText } from '../support/example-fleet';
import { createGitRepo, type GitTestRepo } from '../support/git-repo';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api';
import { startTestHub, type TestHub } from '../support/test-hub';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/flotilla');
const BUILT = path.join(ROOT, 'dist/src/cli/main.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The built `flotilla` binary against a real hub and a real (test) Kubernetes API server, as a user runs it: a child
 * process with its own HOME and XDG config dir. Asynchronous on purpose: the hub answers from this process.
 */
describe('flotilla CLI (bin/flotilla, built)', () => {
  let hub: TestHub;
  let kube: KubeApiServer;
  let repo: GitTestRepo;
  let home: string;
  let env: NodeJS.ProcessEnv;

  const flotilla = (args: string[], options: { input?: string; extraEnv?: Record<string, string> } = {}): Promise<Run> =>
    new Promise((resolve) => {
      const child = execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...env, ...options.extraEnv }, timeout: 60_000 }, (error, stdout, stderr) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      });
      if (options.input !== undefined) child.stdin?.end(options.input);
    });
  const json = (run: Run): unknown => {
    expect(run.stderr.includes('error:') ? run.stderr : '').toBe('');
    return JSON.parse(run.stdout);
  };
  const write = (name: string, text: string): string => {
    const file = path.join(home, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const rewrite = () => ({ repoURL: repo.url, stagingServer: kube.server, inClusterServer: kube.server });

  beforeAll(async () => {
    if (!fs.existsSync(BUILT)) throw new Error(`${BUILT} is missing: run \`npx nest build\` (npm test does it in pretest) before this spec`);
    repo = createGitRepo({ example: true });
    kube = await startKubeApiServer({ name: 'cli', controllerDelayMs: 100 });
    hub = await startTestHub({ env: { RECONCILE_INTERVAL_SECONDS: '3600' } });
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'flotilla-cli-home-'));
    // Only what the CLI needs: no FLOTILLA_* of the caller, a HOME and XDG dir of the test's own.
    env = { PATH: process.env.PATH ?? '', HOME: home, XDG_CONFIG_HOME: path.join(home, 'xdg') };
  }, 60_000);

  afterAll(async () => {
    await Promise.all([hub?.close(), kube?.stop()]);
    repo?.remove();
    if (home) fs.rmSync(home, { recursive: true, force: true });
  });

  it('prints help without a login, and refuses an unknown option as a usage error (exit 2)', async () => {
    const help = await flotilla(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('cluster');
    expect(help.stdout).toContain('Exit codes');
    const notLoggedIn = await flotilla(['cluster', 'list']);
    expect(notLoggedIn.code).toBe(2);
    expect(notLoggedIn.stderr).toContain('not logged in');
    expect((await flotilla(['cluster', 'list', '--no-such-option'])).code).toBe(2);
    expect((await flotilla(['app', 'list', '-o', 'xml'])).code).toBe(2);
  });

  it('says to build first when bin/flotilla finds no dist/', async () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'flotilla-cli-bin-'));
    try {
      fs.mkdirSync(path.join(copy, 'bin'));
      fs.copyFileSync(BIN, path.join(copy, 'bin/flotilla'));
      const run = await new Promise<Run>((resolve) =>
        execFile(process.execPath, [path.join(copy, 'bin/flotilla'), '--help'], { env }, (error, stdout, stderr) => resolve({ code: error ? 1 : 0, stdout, stderr })),
      );
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('run npm run build first');
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });

  it('logs in with a token file, storing server and token in $XDG_CONFIG_HOME/flotilla/config.json with mode 0600', async () => {
    const wrong = await flotilla(['login', '--server', hub.url, '--token-file', write('wrong-token', 'not-a-token\n')]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr.trim().split('\n')).toHaveLength(1);
    expect(wrong.stderr).toMatch(/^error: 401 /);
    const configFile = path.join(home, 'xdg/flotilla/config.json');
    expect(fs.existsSync(configFile)).toBe(false);

    const login = await flotilla(['login', '--server', hub.url, '--token-file', write('token', `${hub.adminToken}\n`)]);
    expect(login.code).toBe(0);
    expect(login.stderr).toContain(`Logged in to ${hub.url}`);
    expect(fs.statSync(configFile).mode & 0o777).toBe(0o600);
    expect(JSON.parse(fs.readFileSync(configFile, 'utf8'))).toEqual({ server: hub.url, token: hub.adminToken });
  });

  it('adds a cluster from a kubeconfig context, refuses an exec plugin before sending anything, and lists clusters as JSON', async () => {
    const kubeconfig = write('kubeconfig', kubeconfigYaml({ server: kube.server, token: kube.token, caData: kube.caData, contextName: 'prod-ctx' }));
    const added = await flotilla(['cluster', 'add', 'prod-ctx', '--kubeconfig', kubeconfig, '--name', 'prod-eu', '--label', 'env=production', '--check', '-o', 'json']);
    expect(added.code).toBe(0);
    expect(json(added)).toMatchObject({ name: 'prod-eu', server: kube.server, labels: { env: 'production' }, credentials: { type: 'bearerToken' }, status: { connectionState: 'Successful' } });
    expect(added.stdout).not.toContain(kube.token);

    const exec = write('exec-kubeconfig', kubeconfigYaml({ server: kube.server, caData: kube.caData, contextName: 'eks', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'aws' } } }));
    const refused = await flotilla(['cluster', 'add', 'eks', '--kubeconfig', exec]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error: .*exec credential plugin/);
    expect((await flotilla(['cluster', 'get', 'eks'])).stderr).toMatch(/^error: 404 NotFound/);

    const listed = await flotilla(['cluster', 'list', '-l', 'env=production', '-o', 'json']);
    expect((json(listed) as { name: string }[]).map((cluster) => cluster.name)).toEqual(['prod-eu']);
    expect(json(await flotilla(['cluster', 'list', '-l', 'env=nowhere', '-o', 'json']))).toEqual([]);
    const table = await flotilla(['cluster', 'list']);
    expect(table.stdout.split('\n')[0]).toMatch(/^NAME\s+SERVER\s+STATUS/);
    expect(table.stdout).not.toContain('\u001b[');
  });

  it('shows an API validation error as one line naming the field, exit 1, and stores nothing', async () => {
    const kubeconfig = path.join(home, 'kubeconfig');
    const bad = await flotilla(['cluster', 'add', 'prod-ctx', '--kubeconfig', kubeconfig, '--name', 'bad-labels', '--label', 'bad key!=x']);
    expect(bad.code).toBe(1);
    const lines = bad.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error: 400 \w+: .*labels\.bad key!: invalid key/);
    expect((await flotilla(['cluster', 'get', 'bad-labels'])).code).toBe(1);
  });

  it('applies the example project and ApplicationSet (created, then configured), previews a set, and lists its applications', async () => {
    const project = write('platform.yaml', exampleText('projects/platform.yaml', rewrite()));
    const set = write('set.yaml', exampleText('applicationsets/my-api-list.yaml', rewrite()));
    const first = await flotilla(['apply', '-f', project]);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('appproject/platform created\n');

    const preview = await flotilla(['appset', 'preview', '-f', set]);
    expect(preview.code).toBe(0);
    expect(preview.stdout).toMatch(/^ACTION\s+APPLICATION/);
    expect(preview.stdout).toMatch(/create\s+my-api-production/);
    expect(preview.stdout).toMatch(/create\s+my-api-staging/);

    const applied = await flotilla(['apply', '-f', '-'], { input: fs.readFileSync(set, 'utf8') });
    expect(applied.code).toBe(0);
    expect(applied.stdout).toBe('applicationset/my-api created\n');
    const again = await flotilla(['apply', '-f', project, '-o', 'json']);
    expect(json(again)).toEqual([{ kind: 'AppProject', name: 'platform', result: 'configured' }]);

    const apps = json(await flotilla(['app', 'list', '--set', 'my-api', '-o', 'json'])) as { metadata: { name: string }; status: { cluster: string } }[];
    expect(apps.map((app) => [app.metadata.name, app.status.cluster])).toEqual([
      ['my-api-production', 'prod-eu'],
      ['my-api-staging', 'prod-eu'],
    ]);
    const wide = await flotilla(['app', 'list', '--cluster', 'prod-eu', '-o', 'wide']);
    expect(wide.stdout.split('\n')[0]).toMatch(/^NAME\s+CLUSTER\s+NAMESPACE\s+PROJECT\s+SYNC\s+HEALTH\s+SET\s+REPO/);
  });

  it('syncs with --wait until Synced and Healthy (exit 0), then records the run in app history', async () => {
    const synced = await flotilla(['app', 'sync', 'my-api-staging', '--prune', '--wait', '--timeout', '60s']);
    expect(synced.stderr).not.toContain('error:');
    expect(synced.code).toBe(0);
    expect(synced.stderr).toMatch(/application\/my-api-staging: sync=Synced health=Healthy/);
    const status = (json(await flotilla(['app', 'get', 'my-api-staging', '-o', 'json'])) as { status: { sync: { status: string }; health: { status: string } } }).status;
    expect([status.sync.status, status.health.status]).toEqual(['Synced', 'Healthy']);

    const history = json(await flotilla(['app', 'history', 'my-api-staging', '-o', 'json'])) as { trigger: string; phase: string; revision: string }[];
    expect(history[0]).toMatchObject({ trigger: 'manual', phase: 'Succeeded', revision: repo.head() });
    const fleet = json(await flotilla(['history', '--app', 'my-api-staging', '-o', 'json'])) as { application: string }[];
    expect(fleet.length).toBe(history.length);
  }, 90_000);

  it('diffs live against desired: exit 0 without differences, 4 with them, printed per resource or as the API answers', async () => {
    const clean = await flotilla(['app', 'diff', 'my-api-staging']);
    expect([clean.code, clean.stdout]).toEqual([0, '']);
    expect(clean.stderr).toMatch(/^application\/my-api-staging: no differences \(\d+ unchanged; [0-9a-f]{12} against cluster prod-eu\)\n$/);

    const deployment = '/apis/apps/v1/namespaces/staging/deployments/my-api';
    const scale = (replicas: number) => call(kube, deployment, { method: 'PATCH', contentType: 'application/merge-patch+json', body: { spec: { replicas } } });
    expect((await scale(7)).status).toBe(200);
    try {
      const drifted = await flotilla(['app', 'diff', 'my-api-staging']);
      expect(drifted.code).toBe(4);
      expect(drifted.stdout).toMatch(/^===== apps\/Deployment staging\/my-api ======\n--- live\n\+\+\+ desired\n@@ /);
      expect(drifted.stdout).toContain('\n-  replicas: 7\n+  replicas: 2\n');
      expect(drifted.stderr).toMatch(/^application\/my-api-staging: 1 modified, 0 added, 0 removed, \d+ unchanged/);
      expect(drifted.stderr).not.toContain('error:');

      const asJson = await flotilla(['app', 'diff', 'my-api-staging', '-o', 'json']);
      expect(asJson.code).toBe(4);
      expect(JSON.parse(asJson.stdout)).toMatchObject({ summary: { modified: 1 }, resources: [{ group: 'apps', kind: 'Deployment', namespace: 'staging', name: 'my-api', state: 'modified' }] });
    } finally {
      await scale(2);
    }
    const unknown = await flotilla(['app', 'diff', 'nowhere']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('error: 404 NotFound: Application "nowhere" not found\n');
  }, 60_000);

  it('exits non-zero when a sync cannot run (1) and when --wait sees the sync fail (3)', async () => {
    const unknownRevision = await flotilla(['app', 'sync', 'my-api-staging', '--revision', 'no-such-branch', '--wait']);
    expect(unknownRevision.code).toBe(1);
    expect(unknownRevision.stderr.trim().split('\n')).toHaveLength(1);

    kube.faults.set({ errorRate: 1 });
    try {
      const failed = await flotilla(['app', 'sync', 'my-api-staging', '--wait', '--timeout', '20s']);
      expect(failed.code).toBe(3);
      expect(failed.stderr).toMatch(/error: application\/my-api-staging: sync (Failed|Error)/);
    } finally {
      kube.faults.clear();
    }
  }, 60_000);

  it('answers can-i with yes or no, and shows the audit log with its filters', async () => {
    const canI = await flotilla(['account', 'can-i', 'clusters', 'delete', kube.server]);
    expect([canI.code, canI.stdout]).toEqual([0, 'yes\n']);
    const audit = json(await flotilla(['audit', '--resource', 'clusters', '--status', '4xx', '-o', 'json'])) as { action: string; status: number }[];
    expect(audit.length).toBeGreaterThan(0);
    expect(audit.every((event) => event.status >= 400 && event.status < 500)).toBe(true);
  });
});
