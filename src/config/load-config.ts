import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { buildKeyring } from '../crypto';
import { type RawConfig, rawConfigSchema, SETTINGS } from './config.schema';
import { toAppConfig, type AppConfig } from './app-config';

export class ConfigError extends Error {
  constructor(readonly violations: string[]) {
    super(`Invalid configuration:\n  - ${violations.join('\n  - ')}`);
  }
}

const KNOWN = new Set(SETTINGS.map((setting) => setting.env).filter((name) => name !== 'FLOTILLA_CONFIG_FILE'));

/** Reads the optional YAML file: a flat map of the same names as the environment variables (`FLOTILLA_CONFIG_FILE=` disables it). */
function readConfigFile(env: NodeJS.ProcessEnv, violations: string[]): Record<string, string> {
  const explicit = env.FLOTILLA_CONFIG_FILE;
  if (explicit === '') return {};
  const file = path.resolve(explicit ?? 'config/flotilla.yaml');
  if (!fs.existsSync(file)) {
    if (explicit) violations.push(`FLOTILLA_CONFIG_FILE: ${file} does not exist`);
    return {};
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    violations.push(`${file}: not valid YAML (${(error as Error).message.split('\n')[0]})`);
    return {};
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    violations.push(`${file}: must be a map of setting names to values`);
    return {};
  }
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (!KNOWN.has(key)) violations.push(`${file}: unknown setting ${key}`);
    else values[key] = String(value);
  }
  return values;
}

/** Parses and validates the whole configuration once, reporting every violation together. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const violations: string[] = [];
  const fromFile = readConfigFile(env, violations);
  const merged: Record<string, string | undefined> = { ...fromFile };
  for (const name of KNOWN) {
    const value = env[name];
    if (value !== undefined && value !== '') merged[name] = value;
  }
  const result = rawConfigSchema.safeParse(merged);
  if (!result.success) {
    for (const issue of result.error.issues) violations.push(`${issue.path.join('.')}: ${issue.message}`);
  } else {
    violations.push(...crossFieldViolations(result.data));
  }
  const clientSecret = result.success ? readClientSecret(result.data, violations) : undefined;
  if (violations.length > 0 || !result.success) throw new ConfigError(violations);
  return toAppConfig(result.data, clientSecret);
}

/** OIDC_CLIENT_SECRET, or the content of OIDC_CLIENT_SECRET_FILE; a message never quotes either. */
function readClientSecret(raw: RawConfig, violations: string[]): string | undefined {
  if (raw.OIDC_CLIENT_SECRET !== undefined) return raw.OIDC_CLIENT_SECRET;
  if (raw.OIDC_CLIENT_SECRET_FILE === undefined) return undefined;
  try {
    const secret = fs.readFileSync(raw.OIDC_CLIENT_SECRET_FILE, 'utf8').trim();
    if (secret === '') violations.push(`OIDC_CLIENT_SECRET_FILE: ${raw.OIDC_CLIENT_SECRET_FILE} is empty`);
    return secret;
  } catch (error) {
    violations.push(`OIDC_CLIENT_SECRET_FILE: cannot read ${raw.OIDC_CLIENT_SECRET_FILE} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
    return undefined;
  }
}

function crossFieldViolations(raw: RawConfig): string[] {
  const violations: string[] = [];
  if (raw.FLOTILLA_ENCRYPTION_KEY) {
    try {
      buildKeyring(raw.FLOTILLA_ENCRYPTION_KEY);
    } catch (error) {
      violations.push(`FLOTILLA_ENCRYPTION_KEY: ${(error as Error).message}`);
    }
  } else if (raw.DATABASE_URL) {
    // Replicas sharing a database must share the key; a per-machine generated key would lock the others out.
    violations.push('FLOTILLA_ENCRYPTION_KEY: required when DATABASE_URL is set (every replica needs the same key)');
  }
  violations.push(...ssoViolations(raw));
  return violations;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** With OIDC_ISSUER the hub needs its client and its external URL; without it, SSO settings would be silently ignored. */
function ssoViolations(raw: RawConfig): string[] {
  const violations: string[] = [];
  if (raw.OIDC_CLIENT_SECRET !== undefined && raw.OIDC_CLIENT_SECRET_FILE !== undefined) {
    violations.push('OIDC_CLIENT_SECRET_FILE: give either OIDC_CLIENT_SECRET or OIDC_CLIENT_SECRET_FILE, not both');
  }
  if (raw.OIDC_ISSUER === undefined) {
    for (const name of ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_CLIENT_SECRET_FILE', 'OIDC_CLI_CLIENT_ID'] as const) {
      if (raw[name] !== undefined) violations.push(`OIDC_ISSUER: required when ${name} is set (single sign-on is off without it)`);
    }
    return violations;
  }
  const issuer = new URL(raw.OIDC_ISSUER);
  if (issuer.search !== '' || issuer.hash !== '') violations.push('OIDC_ISSUER: an issuer URL has no query or fragment');
  // ID tokens are trusted for what the provider's keys sign; keys fetched over plain http from another machine could be anyone's.
  if (issuer.protocol === 'http:' && !LOOPBACK_HOSTS.has(issuer.hostname)) violations.push('OIDC_ISSUER: must be https (plain http only for a provider on this machine)');
  if (raw.OIDC_CLIENT_ID === undefined) violations.push('OIDC_CLIENT_ID: required when OIDC_ISSUER is set');
  if (raw.OIDC_CLIENT_SECRET === undefined && raw.OIDC_CLIENT_SECRET_FILE === undefined) {
    violations.push('OIDC_CLIENT_SECRET: required when OIDC_ISSUER is set (or give OIDC_CLIENT_SECRET_FILE)');
  }
  if (raw.PUBLIC_URL === undefined) violations.push('PUBLIC_URL: required when OIDC_ISSUER is set (the redirect URI is <PUBLIC_URL>/auth/callback)');
  else if (new URL(raw.PUBLIC_URL).pathname.replace(/\/+$/, '') !== '' || new URL(raw.PUBLIC_URL).search !== '') {
    violations.push('PUBLIC_URL: the hub is served at the root of its origin: give scheme, host and port only');
  }
  return violations;
}

/** The effective configuration with sensitive values masked, for the start-up log line. */
export function describeConfig(config: AppConfig): Record<string, unknown> {
  const mask = (value: string | undefined) => (value ? '***' : undefined);
  return {
    http: config.http,
    database: { url: config.database.url ? maskUrl(config.database.url) : 'embedded', poolSize: config.database.poolSize },
    dataDir: config.dataDir,
    auth: { bootstrapAdminToken: mask(config.auth.bootstrapAdminToken) },
    encryption: { keys: mask(config.encryption.keys) },
    logLevel: config.logLevel,
    clusterChecks: config.clusterChecks,
    applicationSets: config.applicationSets,
    sharding: config.sharding,
    rollouts: config.rollouts,
    reconcile: { ...config.reconcile, webhookSecret: mask(config.reconcile.webhookSecret) },
    // The policy text itself is not logged: it can be long, and the start-up check reports what is wrong with it.
    access: { policyCsv: config.access.policyCsv === undefined ? undefined : 'given', policyFile: config.access.policyFile, defaultRole: config.access.defaultRole, matchMode: config.access.matchMode, policyFileCheckSeconds: config.access.policyFileCheckSeconds },
    authRateLimit: config.authRateLimit,
    publicUrl: config.publicUrl,
    sso: config.sso ? { ...config.sso, clientSecret: mask(config.sso.clientSecret) } : 'off',
  };
}

function maskUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '***';
  }
}
