import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig } from './load-config';

const NO_FILE = { FLOTILLA_CONFIG_FILE: '' };
const KEY = `k1:${Buffer.alloc(32, 7).toString('base64')}`;
const SSO = { OIDC_ISSUER: 'https://idp.corp.test/realms/main', OIDC_CLIENT_ID: 'flotilla', OIDC_CLIENT_SECRET: 'oidc-client-secret-value', PUBLIC_URL: 'https://hub.corp.test/' };

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
    { name: 'a match mode Argo CD does not have', env: { RBAC_MATCH_MODE: 'exact' }, field: 'RBAC_MATCH_MODE' },
    { name: 'a default role of two words', env: { RBAC_POLICY_DEFAULT: 'role:a role:b' }, field: 'RBAC_POLICY_DEFAULT' },
    { name: 'an issuer without its client', env: { ...SSO, OIDC_CLIENT_ID: '' }, field: 'OIDC_CLIENT_ID' },
    { name: 'an issuer without a client secret', env: { ...SSO, OIDC_CLIENT_SECRET: '' }, field: 'OIDC_CLIENT_SECRET' },
    { name: 'an issuer without PUBLIC_URL', env: { ...SSO, PUBLIC_URL: '' }, field: 'PUBLIC_URL' },
    { name: 'a PUBLIC_URL with a path', env: { ...SSO, PUBLIC_URL: 'https://hub.corp.test/flotilla' }, field: 'PUBLIC_URL' },
    { name: 'a plain-http issuer on another machine', env: { ...SSO, OIDC_ISSUER: 'http://idp.corp.test' }, field: 'OIDC_ISSUER' },
    { name: 'an issuer that is no URL', env: { ...SSO, OIDC_ISSUER: 'idp' }, field: 'OIDC_ISSUER' },
    { name: 'a client id without an issuer', env: { OIDC_CLIENT_ID: 'flotilla' }, field: 'OIDC_ISSUER' },
    { name: 'both a secret and a secret file', env: { ...SSO, OIDC_CLIENT_SECRET_FILE: '/nonexistent' }, field: 'OIDC_CLIENT_SECRET_FILE' },
    { name: 'an unreadable secret file', env: { ...SSO, OIDC_CLIENT_SECRET: '', OIDC_CLIENT_SECRET_FILE: '/nonexistent/secret' }, field: 'OIDC_CLIENT_SECRET_FILE' },
    { name: 'scopes without openid', env: { ...SSO, OIDC_SCOPES: 'profile email' }, field: 'OIDC_SCOPES' },
    { name: 'a session TTL that is no duration', env: { ...SSO, SSO_SESSION_TTL: '8 hours' }, field: 'SSO_SESSION_TTL' },
    { name: 'a session TTL over a week', env: { ...SSO, SSO_SESSION_TTL: '200h' }, field: 'SSO_SESSION_TTL' },
    { name: 'a negative policy file check interval', env: { RBAC_POLICY_FILE_CHECK_SECONDS: '-1' }, field: 'RBAC_POLICY_FILE_CHECK_SECONDS' },
    { name: 'a burst of nothing', env: { AUTH_RATE_LIMIT_BURST: '0' }, field: 'AUTH_RATE_LIMIT_BURST' },
    { name: 'too few tracked addresses to mean anything', env: { AUTH_RATE_LIMIT_ADDRESSES: '10' }, field: 'AUTH_RATE_LIMIT_ADDRESSES' },
  ])('rejects $name', ({ env, field }) => {
    const violations = violationsOf({ ...NO_FILE, ...env });
    expect(violations.some((violation) => violation.startsWith(`${field}:`))).toBe(true);
  });

  it('reads the access policy settings, an empty default role meaning none', () => {
    const config = loadConfig({ ...NO_FILE, RBAC_POLICY_CSV: 'g, alice, role:admin', RBAC_POLICY_FILE: 'policy.csv', RBAC_POLICY_DEFAULT: '', RBAC_MATCH_MODE: 'regex' });
    expect(config.access).toEqual({ policyCsv: 'g, alice, role:admin', policyFile: path.resolve('policy.csv'), defaultRole: undefined, matchMode: 'regex', policyFileCheckSeconds: 30 });
    expect(loadConfig({ ...NO_FILE }).access).toEqual({ matchMode: 'glob', policyFileCheckSeconds: 30 });
    expect(loadConfig({ ...NO_FILE, RBAC_POLICY_FILE_CHECK_SECONDS: '0' }).access.policyFileCheckSeconds).toBe(0);
  });

  it('limits the sign-in routes per client address by default, and can be switched off', () => {
    expect(loadConfig({ ...NO_FILE }).authRateLimit).toEqual({ perMinute: 60, burst: 100, maxAddresses: 10_000 });
    expect(loadConfig({ ...NO_FILE, AUTH_RATE_LIMIT_PER_MINUTE: '0' }).authRateLimit.perMinute).toBe(0);
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

  it('turns single sign-on on with OIDC_ISSUER, with short sessions and the groups claim by default', () => {
    expect(loadConfig({ ...NO_FILE }).sso).toBeUndefined();
    expect(loadConfig({ ...NO_FILE, ...SSO }).sso).toEqual({
      issuer: 'https://idp.corp.test/realms/main',
      clientId: 'flotilla',
      clientSecret: 'oidc-client-secret-value',
      cliClientId: 'flotilla',
      scopes: ['openid', 'profile', 'email', 'groups'],
      groupsClaim: 'groups',
      sessionTtlSeconds: 8 * 3600,
      redirectUri: 'https://hub.corp.test/auth/callback',
    });
    const tuned = loadConfig({ ...NO_FILE, ...SSO, OIDC_CLI_CLIENT_ID: 'flotilla-cli', OIDC_SCOPES: 'openid,email  roles', OIDC_GROUPS_CLAIM: 'roles', SSO_SESSION_TTL: '1h30m' });
    expect(tuned.sso).toMatchObject({ cliClientId: 'flotilla-cli', scopes: ['openid', 'email', 'roles'], groupsClaim: 'roles', sessionTtlSeconds: 5400 });
    expect(loadConfig({ ...NO_FILE, ...SSO, OIDC_ISSUER: 'http://127.0.0.1:5556/dex' }).sso?.issuer).toBe('http://127.0.0.1:5556/dex');
  });

  it('reads the client secret from OIDC_CLIENT_SECRET_FILE and never shows it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flotilla-config-'));
    const file = path.join(dir, 'client-secret');
    fs.writeFileSync(file, 'secret-from-a-file\n');
    try {
      const config = loadConfig({ ...NO_FILE, ...SSO, OIDC_CLIENT_SECRET: '', OIDC_CLIENT_SECRET_FILE: file });
      expect(config.sso?.clientSecret).toBe('secret-from-a-file');
      expect(JSON.stringify(describeConfig(config))).not.toContain('secret-from-a-file');
      fs.writeFileSync(file, '  \n');
      expect(violationsOf({ ...NO_FILE, ...SSO, OIDC_CLIENT_SECRET: '', OIDC_CLIENT_SECRET_FILE: file })).toEqual([`OIDC_CLIENT_SECRET_FILE: ${file} is empty`]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const violations = violationsOf({ ...NO_FILE, ...SSO, OIDC_CLIENT_SECRET: 'x'.repeat(20), OIDC_CLIENT_SECRET_FILE: '/nonexistent' });
    expect(violations.join('\n')).not.toContain('x'.repeat(20));
  });
});
