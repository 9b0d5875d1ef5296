import { type ChildProcess, execSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const DIST_MAIN = path.join(ROOT, 'dist/src/start.js');
// The dashboard at `/` lands in a parallel change (issue 14); until then the hub answers 404 there.
const DASHBOARD_BUILT = fs.existsSync(path.join(ROOT, 'src/dashboard'));

interface Printed {
  dashboard: string;
  hub: string;
  token: string;
  repo: string;
  root: string;
  change: string;
}

/** Reads what the demo tells a person: the URL, the token, the repository, the change command and its temp dir. */
function parse(output: string): Printed | undefined {
  const field = (re: RegExp) => re.exec(output)?.[1];
  const dashboard = field(/Dashboard:\s+(\S+)/);
  const token = field(/Token:\s+(\S+)/);
  const repo = field(/Repository:\s+(\S+)/);
  const root = field(/Ctrl-C stops the hub and the clusters and deletes (\S+)/);
  const change = field(/^\s+(npm run -s demo:change -- .+)$/m);
  if (!dashboard || !token || !repo || !root || !change) return undefined;
  return { dashboard, hub: new URL(dashboard).origin, token, repo, root, change };
}

async function eventually<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms${last instanceof Error ? `: ${last.message}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

interface Application {
  metadata: { name: string };
  status?: { sync?: { status?: string; revision?: string }; health?: { status?: string } };
}

describe.runIf(fs.existsSync(DIST_MAIN))('npm run demo', () => {
  let demo: ChildProcess;
  let output = '';
  let exited: Promise<number | null>;
  let printed: Printed;
  const api = (route: string, token = printed.token) => fetch(`${printed.hub}${route}`, { headers: { Authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    // The script `npm run demo` runs after building the hub (the suite's pretest builds it too).
    demo = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TMPDIR: process.env.TMPDIR ?? '/tmp' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    exited = new Promise((resolve) => demo.once('exit', (code) => resolve(code)));
    demo.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    demo.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    printed = await eventually('the demo printed its URL and token', 55_000, async () => {
      if (demo.exitCode !== null) throw new Error(`the demo exited with ${demo.exitCode}:\n${output}`);
      return parse(output);
    }).catch((error: unknown) => {
      throw new Error(`${error instanceof Error ? error.message : String(error)}\noutput so far:\n${output}`);
    });
  }, 70_000);

  afterAll(async () => {
    if (demo.exitCode === null && demo.signalCode === null) {
      demo.kill('SIGINT');
      await exited;
    }
  });

  it('prints loopback addresses and a token that works, and no other', async () => {
    expect(new URL(printed.dashboard).hostname).toBe('127.0.0.1');
    expect((await api('/api/v1/applications', 'not-the-demo-token')).status).toBe(401);
    const response = await api('/api/v1/applications');
    expect(response.status).toBe(200);
  });

  it.runIf(DASHBOARD_BUILT)('serves the dashboard at the printed URL', async () => {
    expect((await fetch(printed.dashboard)).status).toBe(200);
  });

  it('deploys the rolling set to all three clusters, then rolls a committed change out', async () => {
    const synced = await eventually('every application Synced and Healthy', 40_000, async () => {
      const { items } = (await (await api('/api/v1/applications')).json()) as { items: Application[] };
      const ready = items.filter((a) => a.status?.sync?.status === 'Synced' && a.status.health?.status === 'Healthy');
      return ready.length === 3 ? items : undefined;
    });
    expect(synced.map((a) => a.metadata.name).sort()).toEqual(['my-api-prod-eu', 'my-api-prod-us', 'my-api-staging']);

    const before = execSync('git rev-parse HEAD', { cwd: printed.repo, encoding: 'utf8' }).trim();
    execSync(printed.change, { cwd: ROOT, stdio: 'pipe', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' } });
    const after = execSync('git rev-parse HEAD', { cwd: printed.repo, encoding: 'utf8' }).trim();
    expect(after).not.toBe(before);
    const rollout = await eventually(`a rollout of ${after}`, 20_000, async () => {
      const { items } = (await (await api('/api/v1/rollouts?applicationSet=my-api-rollout')).json()) as { items: { revision: string | null; state: string }[] };
      return items.find((r) => r.revision === after);
    });
    expect(['Progressing', 'Completed']).toContain(rollout.state);
  }, 70_000);

  it('stops everything on Ctrl-C and deletes its files', async () => {
    expect(fs.existsSync(printed.root)).toBe(true);
    demo.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(fs.existsSync(printed.root)).toBe(false);
    expect(fs.existsSync(printed.repo)).toBe(false);
    await expect(fetch(`${printed.hub}/readyz`)).rejects.toThrow();
  }, 30_000);
});
