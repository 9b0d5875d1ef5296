import * as path from 'node:path';
import type { RawConfig } from './config.schema';

/** The typed configuration tree, built once at start-up. */
export interface AppConfig {
  http: { port: number; host: string; bodyLimitBytes: number };
  database: { url?: string; poolSize: number };
  dataDir: string;
  auth: { bootstrapAdminToken?: string };
  encryption: { keys?: string };
  logLevel: RawConfig['LOG_LEVEL'];
  clusterChecks: { enabled: boolean; intervalSeconds: number; timeoutMs: number; concurrency: number };
  applicationSets: { inCluster: 'auto' | 'true' | 'false'; inClusterKubeconfig?: string; deletionBudgetPercent: number; resyncSeconds: number };
  sharding: { shardCount: number; leaseSeconds: number };
  rollouts: { intervalSeconds: number };
  reconcile: {
    intervalSeconds: number;
    clusterConcurrency: number;
    clusterQps: number;
    clusterBurst: number;
    gitPollSeconds: number;
    allowLocalRepositories: boolean;
    webhookSecret?: string;
    kustomizePath?: string;
    helmPath?: string;
  };
  /** Days to keep; 0 keeps everything. */
  retention: { auditDays: number; historyDays: number };
}

export const APP_CONFIG = Symbol('APP_CONFIG');

export function toAppConfig(raw: RawConfig): AppConfig {
  return {
    http: { port: raw.PORT, host: raw.HOST, bodyLimitBytes: raw.BODY_LIMIT },
    database: { url: raw.DATABASE_URL, poolSize: raw.DATABASE_POOL_SIZE },
    dataDir: path.resolve(raw.FLOTILLA_DATA_DIR),
    auth: { bootstrapAdminToken: raw.FLOTILLA_ADMIN_TOKEN },
    encryption: { keys: raw.FLOTILLA_ENCRYPTION_KEY },
    logLevel: raw.LOG_LEVEL,
    clusterChecks: {
      enabled: raw.CLUSTER_CHECK_ENABLED,
      intervalSeconds: raw.CLUSTER_CHECK_INTERVAL_SECONDS,
      timeoutMs: raw.CLUSTER_CHECK_TIMEOUT_MS,
      concurrency: raw.CLUSTER_CHECK_CONCURRENCY,
    },
    applicationSets: {
      inCluster: raw.IN_CLUSTER,
      inClusterKubeconfig: raw.IN_CLUSTER_KUBECONFIG,
      deletionBudgetPercent: raw.APPSET_DELETION_BUDGET_PERCENT,
      resyncSeconds: raw.APPSET_RESYNC_SECONDS,
    },
    sharding: { shardCount: raw.SHARD_COUNT, leaseSeconds: raw.SHARD_LEASE_SECONDS },
    rollouts: { intervalSeconds: raw.ROLLOUT_INTERVAL_SECONDS },
    reconcile: {
      intervalSeconds: raw.RECONCILE_INTERVAL_SECONDS,
      clusterConcurrency: raw.RECONCILE_CLUSTER_CONCURRENCY,
      clusterQps: raw.CLUSTER_API_QPS,
      clusterBurst: raw.CLUSTER_API_BURST,
      gitPollSeconds: raw.GIT_POLL_SECONDS,
      allowLocalRepositories: raw.GIT_ALLOW_LOCAL,
      webhookSecret: raw.GIT_WEBHOOK_SECRET,
      kustomizePath: raw.KUSTOMIZE_PATH,
      helmPath: raw.HELM_PATH,
    },
    retention: { auditDays: raw.AUDIT_RETENTION_DAYS, historyDays: raw.HISTORY_RETENTION_DAYS },
  };
}
