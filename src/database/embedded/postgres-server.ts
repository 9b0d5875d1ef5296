import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { ensureReachable, locatePostgresBinaries, serverAccount, type ServerAccount } from './postgres-binaries';

export interface PostgresServer {
  /** Superuser URL of the `postgres` database, on 127.0.0.1. */
  url: string;
  /** The postmaster's pid (its backends are its children). */
  pid: number;
  stop(): Promise<void>;
}

export interface PostgresServerOptions {
  /** Server settings passed as `-c name=value` (e.g. `fsync: 'off'` for a throwaway test server). */
  settings?: Record<string, string>;
}

const READY = 'database system is ready to accept connections';
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;
const PORT_ATTEMPTS = 3;
const POLL_MS = 50;

// Real time on purpose, here and in the two timers below: they bound a child process's start and stop, which run
// before the hub (and its clock) exist or after it is gone, and no test moves them.
// eslint-disable-next-line no-restricted-globals
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A real PostgreSQL server from the npm-shipped binaries: the cluster lives in `clusterDir` (created by initdb on
 * first start), the superuser password in `passwordFile` (0600, generated with the cluster), and the server listens
 * on 127.0.0.1 only, on a port free at start, with no Unix socket. The caller holds the data-dir lock.
 */
export async function startPostgresServer(clusterDir: string, passwordFile: string, options: PostgresServerOptions = {}): Promise<PostgresServer> {
  const binaries = locatePostgresBinaries();
  const account = serverAccount();
  const dataDir = path.dirname(clusterDir);
  if (account) {
    ensureReachable(account, binaries.postgres, dataDir);
    ensureReachable(account, clusterDir, dataDir);
  }
  if (!fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) await initialise(binaries.initdb, clusterDir, passwordFile, account);
  await stopOrphanedServer(clusterDir);
  const password = fs.readFileSync(passwordFile, 'utf8').trim();
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      const child = await launch(binaries.postgres, clusterDir, port, account, options.settings ?? {});
      // A hub that exits without its shutdown (process.exit after a failed start, an uncaught error) still asks its
      // server to stop; only SIGKILL leaves it running, for the next start to find (stopOrphanedServer).
      const stopOnExit = () => child.kill('SIGINT');
      process.once('exit', stopOnExit);
      return {
        url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
        pid: child.pid!,
        stop: async () => {
          process.off('exit', stopOnExit);
          await stopServer(child);
        },
      };
    } catch (error) {
      // Another process may take the port between the probe and the server's bind; a fresh one is tried.
      if (!(error instanceof PortTakenError) || attempt === PORT_ATTEMPTS) throw error;
    }
  }
}

class PortTakenError extends Error {}

async function initialise(initdb: string, clusterDir: string, passwordFile: string, account: ServerAccount | undefined): Promise<void> {
  fs.rmSync(clusterDir, { recursive: true, force: true });
  fs.mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
  if (!fs.existsSync(passwordFile)) fs.writeFileSync(passwordFile, randomBytes(24).toString('base64url'), { mode: 0o600 });
  // initdb reads the password from a file; the server account must read it, so a copy sits in the cluster's parent
  // just for initdb's run.
  const initdbPasswordFile = `${clusterDir}.initdb-password`;
  fs.copyFileSync(passwordFile, initdbPasswordFile);
  fs.chmodSync(initdbPasswordFile, 0o600);
  if (account) {
    fs.chownSync(clusterDir, account.uid, account.gid);
    fs.chownSync(initdbPasswordFile, account.uid, account.gid);
  }
  try {
    const args = ['-D', clusterDir, '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--auth=scram-sha-256', `--pwfile=${initdbPasswordFile}`];
    const { code, output } = await run(initdb, args, account);
    if (code !== 0) throw new Error(`initdb failed (exit ${code}): ${output.trim()}`);
  } finally {
    fs.rmSync(initdbPasswordFile, { force: true });
  }
}

/**
 * A server left running by a hub that was killed (SIGKILL leaves its child behind). The caller holds the data-dir
 * lock, so a live postmaster of this cluster has no hub: it is shut down (fast) before a new one starts. The pid
 * file's pid counts only if that process is a postgres on this cluster (a pid can be reused).
 */
async function stopOrphanedServer(clusterDir: string): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isPostmasterOf(pid, clusterDir)) return;
  process.kill(pid, 'SIGINT');
  for (let waited = 0; isAlive(pid) && waited < STOP_TIMEOUT_MS; waited += POLL_MS) await pause(POLL_MS);
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

function isPostmasterOf(pid: number, clusterDir: string): boolean {
  try {
    const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return path.basename(argv[0]) === 'postgres' && argv.includes(clusterDir);
  } catch {
    return false;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function launch(postgres: string, clusterDir: string, port: number, account: ServerAccount | undefined, settings: Record<string, string>): Promise<ChildProcess> {
  const args = ['-D', clusterDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='];
  for (const [name, value] of Object.entries(settings)) args.push('-c', `${name}=${value}`);
  // Its own process group: a Ctrl-C in the terminal reaches the hub, which stops the server after closing its pool,
  // rather than both at once.
  const child = spawn(postgres, args, { ...spawnIdentity(account), detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    // eslint-disable-next-line no-restricted-globals
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`PostgreSQL did not start within ${START_TIMEOUT_MS} ms: ${output.trim()}`));
    }, START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-4_000);
      if (!output.includes(READY)) return;
      clearTimeout(timer);
      // Later log lines are drained and dropped, so a full pipe never blocks the server.
      child.stderr.off('data', onData).resume();
      child.off('exit', onExit);
      resolve(child);
    };
    const onExit = (code: number | null, signal: string | null) => {
      clearTimeout(timer);
      const message = `PostgreSQL exited at start (${signal ?? `exit ${code}`}): ${output.trim()}`;
      reject(/could not bind|Address already in use/.test(output) ? new PortTakenError(message) : new Error(message));
    };
    child.stderr.on('data', onData);
    child.once('exit', onExit);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** Fast shutdown (SIGINT): open sessions are ended, a checkpoint is written, the next start needs no recovery. */
async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGINT');
  // eslint-disable-next-line no-restricted-globals
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

function run(command: string, args: string[], account: ServerAccount | undefined): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...spawnIdentity(account), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-4_000)));
    child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-4_000)));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

// What the server and initdb need from the hub's environment. The rest stays behind: the hub's environment holds its
// secrets (the sealing key, SSO and notification credentials), and a child's environment is readable by its OS
// account (`/proc/<pid>/environ`), which is `postgres`, not the hub's, when the hub runs as root.
const PASSED_ENVIRONMENT = ['PATH', 'LD_LIBRARY_PATH', 'TZ', 'TMPDIR'];

/** English messages (the start is recognised by one), and the server account's ids when the hub is root. */
function spawnIdentity(account: ServerAccount | undefined) {
  const passed = Object.fromEntries(PASSED_ENVIRONMENT.flatMap((name) => (process.env[name] === undefined ? [] : [[name, process.env[name]]])));
  return { env: { ...passed, LC_ALL: 'C', LANG: 'C' }, ...(account ? { uid: account.uid, gid: account.gid } : {}) };
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
