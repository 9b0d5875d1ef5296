import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';

/** The built hub, as `npm start` runs it (`npm run demo` builds it first, as `npm start` does). */
export const HUB_MAIN = resolve(__dirname, '../../dist/src/start.js');

export interface DemoHub {
  url: string;
  child: ChildProcess;
  /** Resolves with the exit code once the hub process is gone. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export interface DemoHubOptions {
  dataDir: string;
  /** The hub's TMPDIR (render and checkout scratch dirs), so nothing of it outlives the demo's temp dir. */
  tmpDir: string;
  adminToken: string;
  /** 0 picks a free port. */
  port: number;
  /** The hub's log lines go here, not to the terminal the demo talks to. */
  logFile: string;
  /** Extra settings (intervals shortened so the demo moves at a watchable pace). */
  settings: Record<string, string>;
}

/**
 * Starts the hub as a child process on the embedded database, loopback only, and waits for its "listening"
 * line (it names the port when 0 was asked for), then for /readyz.
 */
export async function startDemoHub(options: DemoHubOptions, timeoutMs = 60_000): Promise<DemoHub> {
  const log = createWriteStream(options.logFile, { flags: 'a', mode: 0o600 });
  const child = spawn(process.execPath, [HUB_MAIN], {
    // Only what the hub needs: no DATABASE_URL or settings file from the caller's environment leaks in.
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      TMPDIR: options.tmpDir,
      HOST: '127.0.0.1',
      PORT: String(options.port),
      FLOTILLA_DATA_DIR: options.dataDir,
      FLOTILLA_ADMIN_TOKEN: options.adminToken,
      FLOTILLA_CONFIG_FILE: '',
      IN_CLUSTER: 'false',
      LOG_LEVEL: 'info',
      ...options.settings,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: a Ctrl-C in the terminal reaches only the demo, which stops the hub before the
    // clusters (the hub would otherwise report them gone while both shut down).
    detached: true,
  });
  // Both streams go to the log file for as long as the hub runs (an unread pipe would stall it).
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exited.then(() => log.end());
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
  };
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`the hub did not start within ${timeoutMs} ms (log: ${options.logFile})`)), timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      seen = (seen + chunk.toString()).slice(-4096);
      const match = /listening on (http:\/\/[^\s"]+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(match[1].replace(/\/$/, ''));
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the hub exited with ${code} while starting (log: ${options.logFile})`));
    });
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  await waitForReady(url, timeoutMs).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { url, child, exited, stop };
}

async function waitForReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(`${url}/readyz`).catch(() => undefined);
    if (response?.ok) return;
    if (Date.now() > deadline) throw new Error(`${url}/readyz did not answer 200 within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
