import type { AppConfig } from '../src/config/app-config';
import { loadConfig } from '../src/config/load-config';
import { randomKey } from '../test/support/test-hub';

/** Hub settings a bench run may be given from its environment, to compare them (e.g. `RECONCILE_CLUSTER_CONCURRENCY=32`). */
const FROM_ENVIRONMENT = ['RECONCILE_CLUSTER_CONCURRENCY', 'CLUSTER_API_QPS', 'CLUSTER_API_BURST'];

/**
 * The configuration every bench's hub runs with: loopback on a free port, no settings file, a throwaway key, and no
 * background work (connectivity checks, periodic reconcile and re-expansion) besides what the bench measures.
 * `settings` adds to it or overrides it; the settings in FROM_ENVIRONMENT are taken from the environment when set.
 */
export function benchHubConfig(dataDir: string, databaseUrl: string | undefined, settings: Record<string, string> = {}): AppConfig {
  return loadConfig(benchHubEnvironment(dataDir, databaseUrl, settings));
}

/** The same settings as environment variables, for a bench that runs the hub as a process of its own. */
export function benchHubEnvironment(dataDir: string, databaseUrl: string | undefined, settings: Record<string, string> = {}): Record<string, string> {
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    FLOTILLA_DATA_DIR: dataDir,
    FLOTILLA_CONFIG_FILE: '',
    FLOTILLA_ENCRYPTION_KEY: randomKey('bench'),
    CLUSTER_CHECK_ENABLED: 'false',
    RECONCILE_INTERVAL_SECONDS: '86400',
    APPSET_RESYNC_SECONDS: '86400',
    LOG_LEVEL: 'warn',
    IN_CLUSTER: 'false',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...Object.fromEntries(FROM_ENVIRONMENT.filter((name) => process.env[name] !== undefined).map((name) => [name, process.env[name]!])),
    ...settings,
  };
}
