import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';

// The embedded server's lifecycle itself, on data dirs of its own (not the test run's shared server).
describe('the embedded PostgreSQL server', () => {
  const dirs: string[] = [];
  const running: EmbeddedPostgres[] = [];

  const dataDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flotilla-embedded-'));
    dirs.push(dir);
    return dir;
  };
  const start = async (dir: string) => {
    const server = await startEmbeddedPostgres(dir);
    running.push(server);
    return server;
  };
  const query = async (url: string, sql: string) => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  };
  const postmasterPid = (dir: string) => Number(fs.readFileSync(path.join(dir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
  const isAlive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  afterEach(async () => {
    for (const server of running.splice(0)) await server.stop();
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is a real server on 127.0.0.1 only, behind a password, that keeps its data across a restart and leaves no process', async () => {
    const dir = dataDir();
    const first = await start(dir);
    expect(first).toMatchObject({ engine: 'postgres', singleSession: false });
    const url = new URL(first.url);
    expect(url.hostname).toBe('127.0.0.1');
    expect(await query(first.url, `SELECT current_setting('listen_addresses') AS listen, current_setting('unix_socket_directories') AS sockets`)).toEqual([
      { listen: '127.0.0.1', sockets: '' },
    ]);
    await expect(query(first.url.replace(`:${decodeURIComponent(url.password)}@`, ':wrong@'), 'SELECT 1')).rejects.toThrow(/password authentication failed/);
    expect(fs.statSync(path.join(dir, 'postgres.password')).mode & 0o777).toBe(0o600);
    // Several sessions at once: a real server, not PGlite's one.
    const sessions = await query(first.url, `SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'client backend'`);
    expect(sessions).toEqual([{ n: 1 }]);
    await query(first.url, `CREATE TABLE kept (name text); INSERT INTO kept VALUES ('before the restart')`);
    const firstPid = postmasterPid(dir);
    await first.stop();
    expect(isAlive(firstPid)).toBe(false);
    expect(fs.existsSync(path.join(dir, 'flotilla.lock'))).toBe(false);

    // The hub's environment holds its secrets; the server gets only what it needs from it.
    process.env.FLOTILLA_SPEC_SECRET = 'not for the database';
    const second = await start(dir).finally(() => delete process.env.FLOTILLA_SPEC_SECRET);
    expect(await query(second.url, 'SELECT name FROM kept')).toEqual([{ name: 'before the restart' }]);
    const secondPid = postmasterPid(dir);
    const environment = fs.readFileSync(`/proc/${secondPid}/environ`, 'utf8').split('\0');
    expect(environment).toContain('LC_ALL=C');
    expect(environment.some((entry) => entry.startsWith('FLOTILLA_SPEC_SECRET='))).toBe(false);
    // As root the server runs as the `postgres` OS account (PostgreSQL refuses root), otherwise as the hub's user.
    const uid = Number(/^Uid:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${secondPid}/status`, 'utf8'))![1]);
    if (process.getuid!() === 0) expect(uid).not.toBe(0);
    else expect(uid).toBe(process.getuid!());
    await second.stop();
    expect(isAlive(secondPid)).toBe(false);
  }, 120_000);

  it('shuts down a server that a killed hub left running on the data dir before starting its own', async () => {
    const dir = dataDir();
    const orphan = await startEmbeddedPostgres(dir);
    await query(orphan.url, `CREATE TABLE kept (name text); INSERT INTO kept VALUES ('written before the kill')`);
    const orphanPid = postmasterPid(dir);
    // A hub killed with SIGKILL runs no shutdown: its server keeps running and its lock file stays. (Here the "dead
    // hub" is this process, whose own stale lock the next start takes over just as it takes over a dead pid's.)
    const next = await start(dir);
    expect(isAlive(orphanPid)).toBe(false);
    expect(postmasterPid(dir)).not.toBe(orphanPid);
    expect(await query(next.url, 'SELECT name FROM kept')).toEqual([{ name: 'written before the kill' }]);
  }, 120_000);
});
