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
  if (violations.length > 0 || !result.success) throw new ConfigError(violations);
  return toAppConfig(result.data);
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
