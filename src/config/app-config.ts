import * as path from 'node:path';
import type { RawConfig } from './config.schema';

/** The typed configuration tree, built once at start-up. */
export interface AppConfig {
  http: { port: number; host: string; bodyLimitBytes: number };
  database: { url?: string; poolSize: number; embeddedEngine?: 'postgres' | 'pglite' };
  dataDir: string;
  auth: { bootstrapAdminToken?: string };
  encryption: { keys?: string };
  logLevel: RawConfig['LOG_LEVEL'];
  clusterChecks: { enabled: boolean; intervalSeconds: number; timeoutMs: number; concurrency: number };
  applicationSets: {
    inCluster: 'auto' | 'true' | 'false';
    inClusterKubeconfig?: string;
    deletionBudgetPercent: number;
    resyncSeconds: number;
  };
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
    /**
     * The hub's Argo CD namespace: Argo CD objects rendered into it are the hub's own (app of apps), and
     * clusterDecisionResource generators read it in the hub's own cluster.
     */
    argoNamespace: string;
  };
  /** The hub-wide access policy's sources (Argo CD's argocd-rbac-cm); src/access reads and checks them at start-up. */
  access: { policyCsv?: string; policyFile?: string; defaultRole?: string; matchMode: 'glob' | 'regex'; policyFileCheckSeconds: number };
  /** Per client address, per replica, on the anonymous sign-in routes (/auth/login, callback, token, logout); 0 per minute: off. */
  authRateLimit: { perMinute: number; burst: number; maxAddresses: number };
  /** The hub's external URL (no trailing slash), when set. */
  publicUrl?: string;
  /** Single sign-on through an OpenID Connect provider; undefined when OIDC_ISSUER is unset. */
  sso?: SsoConfig;
  /** Days to keep; 0 keeps everything. */
  retention: { auditDays: number; historyDays: number; notificationDays: number };
}

export interface SsoConfig {
  issuer: string;
  clientId: string;
  /** Never logged, never shown: `describeConfig` masks it. */
  clientSecret: string;
  /** The client ids whose ID tokens POST /auth/token accepts: the CLI's public client (if any), then the hub's. */
  cliClientId: string;
  scopes: string[];
  groupsClaim: string;
  sessionTtlSeconds: number;
  /** `<PUBLIC_URL>/auth/callback` */
  redirectUri: string;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

/** `clientSecret` is OIDC_CLIENT_SECRET or the content of OIDC_CLIENT_SECRET_FILE, read and checked by the loader. */
export function toAppConfig(raw: RawConfig, clientSecret?: string): AppConfig {
  const publicUrl = raw.PUBLIC_URL?.replace(/\/+$/, '');
  return {
    http: { port: raw.PORT, host: raw.HOST, bodyLimitBytes: raw.BODY_LIMIT },
    database: { url: raw.DATABASE_URL, poolSize: raw.DATABASE_POOL_SIZE, embeddedEngine: raw.EMBEDDED_DATABASE },
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
      argoNamespace: raw.ARGOCD_NAMESPACE,
    },
    access: {
      policyCsv: raw.RBAC_POLICY_CSV,
      policyFile: raw.RBAC_POLICY_FILE === undefined ? undefined : path.resolve(raw.RBAC_POLICY_FILE),
      defaultRole: raw.RBAC_POLICY_DEFAULT,
      matchMode: raw.RBAC_MATCH_MODE,
      policyFileCheckSeconds: raw.RBAC_POLICY_FILE_CHECK_SECONDS,
    },
    authRateLimit: { perMinute: raw.AUTH_RATE_LIMIT_PER_MINUTE, burst: raw.AUTH_RATE_LIMIT_BURST, maxAddresses: raw.AUTH_RATE_LIMIT_ADDRESSES },
    publicUrl,
    sso:
      raw.OIDC_ISSUER && raw.OIDC_CLIENT_ID && clientSecret !== undefined && publicUrl
        ? {
            issuer: raw.OIDC_ISSUER,
            clientId: raw.OIDC_CLIENT_ID,
            clientSecret,
            cliClientId: raw.OIDC_CLI_CLIENT_ID ?? raw.OIDC_CLIENT_ID,
            scopes: raw.OIDC_SCOPES,
            groupsClaim: raw.OIDC_GROUPS_CLAIM,
            sessionTtlSeconds: raw.SSO_SESSION_TTL,
            redirectUri: `${publicUrl}/auth/callback`,
          }
        : undefined,
    retention: { auditDays: raw.AUDIT_RETENTION_DAYS, historyDays: raw.HISTORY_RETENTION_DAYS, notificationDays: raw.NOTIFICATION_RETENTION_DAYS },
  };
}
