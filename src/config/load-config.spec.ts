import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig } from './load-config';

const NO_FILE = { FLOTILLA_CONFIG_FILE: '' };
const KEY = `k1:${Buffer.alloc(32, 7).toString('base64')}`;

function violationsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.violations;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('has a default for every setting', () => {
    const config = loadConfig({ ...NO_FILE });
    expect(config.http).toEqual({ port: 8080, host: '0.0.0.0', bodyLimitBytes: 1024 * 1024 });
    expect(config.database.url).toBeUndefined();
    expect(config.dataDir).toBe(path.resolve('data'));
    expect(config.clusterChecks).toEqual({ enabled: true, intervalSeconds: 60, timeoutMs: 5000, concurrency: 8 });
  });

  it.each([
    { name: 'a port out of range', env: { PORT: '70000' }, field: 'PORT' },
    { name: 'an unknown log level', env: { LOG_LEVEL: 'chatty' }, field: 'LOG_LEVEL' },
    { name: 'a body limit without a unit we know', env: { BODY_LIMIT: '1gb' }, field: 'BODY_LIMIT' },
    { name: 'a non-postgres DATABASE_URL', env: { DATABASE_URL: 'mysql://x', FLOTILLA_ENCRYPTION_KEY: KEY }, field: 'DATABASE_URL' },
    { name: 'DATABASE_URL without an encryption key', env: { DATABASE_URL: 'postgres://127.0.0.1/x' }, field: 'FLOTILLA_ENCRYPTION_KEY' },
    { name: 'a malformed encryption key', env: { FLOTILLA_ENCRYPTION_KEY: 'k1:short' }, field: 'FLOTILLA_ENCRYPTION_KEY' },
    { name: 'a short admin token', env: { FLOTILLA_ADMIN_TOKEN: 'abc' }, field: 'FLOTILLA_ADMIN_TOKEN' },
    { name: 'a boolean that is not one', env: { CLUSTER_CHECK_ENABLED: 'maybe' }, field: 'CLUSTER_CHECK_ENABLED' },
    { name: 'an interval below 5 s', env: { CLUSTER_CHECK_INTERVAL_SECONDS: '1' }, field: 'CLUSTER_CHECK_INTERVAL_SECONDS' },
  ])('rejects $name', ({ env, field }) => {
    const violations = violationsOf({ ...NO_FILE, ...env });
    expect(violations.some((violation) => violation.startsWith(`${field}:`))).toBe(true);
  });

  it('reports every violation together', () => {
    const violations = violationsOf({ ...NO_FILE, PORT: 'x', LOG_LEVEL: 'x', BODY_LIMIT: 'x' });
    expect(violations.map((v) => v.split(':')[0]).sort()).toEqual(['BODY_LIMIT', 'LOG_LEVEL', 'PORT']);
  });

  it('reads the YAML file and lets the environment win', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flotilla-config-'));
    const file = path.join(dir, 'flotilla.yaml');
    fs.writeFileSync(file, 'PORT: 9000\nLOG_LEVEL: debug\nCLUSTER_CHECK_CONCURRENCY: 3\n');
    try {
      const config = loadConfig({ FLOTILLA_CONFIG_FILE: file, LOG_LEVEL: 'warn' });
      expect(config.http.port).toBe(9000);
      expect(config.logLevel).toBe('warn');
      expect(config.clusterChecks.concurrency).toBe(3);
      fs.writeFileSync(file, 'PORTT: 1\n');
      expect(violationsOf({ FLOTILLA_CONFIG_FILE: file })).toEqual([`${file}: unknown setting PORTT`]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('masks sensitive values when describing the configuration', () => {
    const config = loadConfig({ ...NO_FILE, DATABASE_URL: 'postgres://flotilla:hunter2@127.0.0.1/db', FLOTILLA_ENCRYPTION_KEY: KEY, FLOTILLA_ADMIN_TOKEN: 'admin-token-0123456789' });
    const described = JSON.stringify(describeConfig(config));
    expect(described).not.toContain('hunter2');
    expect(described).not.toContain(KEY.slice(3));
    expect(described).not.toContain('admin-token-0123456789');
    expect(described).toContain('postgres://flotilla:***@127.0.0.1/db');
  });
});
