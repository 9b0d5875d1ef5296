import { z } from 'zod';

/** Every setting: its environment variable, default, meaning and whether it is sensitive (masked in logs). */
export interface SettingDoc {
  env: string;
  default: string;
  description: string;
  sensitive?: boolean;
}

const booleanText = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const byteSize = z
  .string()
  .regex(/^\d+(b|kb|mb)?$/i, 'a size such as 1048576, 512kb or 1mb')
  .transform((text) => {
    const match = /^(\d+)(b|kb|mb)?$/i.exec(text)!;
    const unit = (match[2] ?? 'b').toLowerCase();
    return Number(match[1]) * (unit === 'mb' ? 1024 * 1024 : unit === 'kb' ? 1024 : 1);
  });

const postgresUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\//, 'a postgres:// or postgresql:// URL')
  .optional();

export const SETTINGS: SettingDoc[] = [
  { env: 'PORT', default: '8080', description: 'HTTP port the hub listens on.' },
  { env: 'HOST', default: '0.0.0.0', description: 'Address the hub binds to.' },
  {
    env: 'DATABASE_URL',
    default: '(unset: embedded PostgreSQL)',
    description: 'PostgreSQL connection URL. Unset: an embedded PostgreSQL (PGlite) persisted under the data dir.',
    sensitive: true,
  },
  { env: 'DATABASE_POOL_SIZE', default: '10', description: 'Connections in the pool (external PostgreSQL only; embedded uses 1).' },
  { env: 'FLOTILLA_DATA_DIR', default: './data', description: 'Data directory: embedded database, generated admin token, generated encryption key.' },
  {
    env: 'FLOTILLA_ADMIN_TOKEN',
    default: '(generated)',
    description: 'Admin API token used when no token exists yet. Unset: one is generated and written to <dataDir>/admin-token (0600).',
    sensitive: true,
  },
  {
    env: 'FLOTILLA_ENCRYPTION_KEY',
    default: '(generated into the data dir)',
    description:
      'Credential encryption keys: `id:key[,id:key...]`, each key 32 bytes as base64 or 64 hex characters; the first encrypts, all decrypt. Unset: a key generated once into <dataDir>/encryption-key (0600).',
    sensitive: true,
  },
  { env: 'LOG_LEVEL', default: 'info', description: 'trace, debug, info, warn, error, fatal or silent.' },
  { env: 'BODY_LIMIT', default: '1mb', description: 'Largest accepted request body (bytes, kb or mb).' },
  { env: 'CLUSTER_CHECK_ENABLED', default: 'true', description: 'Re-check every cluster on a schedule.' },
  { env: 'CLUSTER_CHECK_INTERVAL_SECONDS', default: '60', description: 'Seconds between scheduled connectivity checks (each is jittered by up to 20 %).' },
  { env: 'CLUSTER_CHECK_TIMEOUT_MS', default: '5000', description: 'Timeout of one connectivity check.' },
  { env: 'CLUSTER_CHECK_CONCURRENCY', default: '8', description: 'Clusters checked at the same time.' },
  {
    env: 'IN_CLUSTER',
    default: 'auto',
    description:
      "Expose the hub's own cluster as Argo CD's `in-cluster` (https://kubernetes.default.svc): `auto` when a service-account token is mounted, `true` or `false`.",
  },
  {
    env: 'IN_CLUSTER_KUBECONFIG',
    default: '(unset: the mounted service account)',
    description: 'A kubeconfig file to reach the in-cluster destination with, instead of the pod\'s service account (also how tests point it at a test server).',
  },
  { env: 'APPSET_DELETION_BUDGET_PERCENT', default: '25', description: "Share of an ApplicationSet's applications one expansion may delete (at least 1); the rest wait for approve-deletions." },
  { env: 'APPSET_RESYNC_SECONDS', default: '180', description: 'Seconds between periodic re-expansions of every ApplicationSet (changes to clusters, projects and sets trigger one at once).' },
  { env: 'SHARD_COUNT', default: '16', description: 'Reconcile shards; each cluster belongs to one by consistent hashing, each shard to one hub replica at a time.' },
  { env: 'SHARD_LEASE_SECONDS', default: '30', description: 'Shard lease length; leases are renewed every third of it, and an expired lease is taken over by another replica.' },
  { env: 'RECONCILE_INTERVAL_SECONDS', default: '60', description: 'Seconds between reconcile passes over the applications of the shards this replica holds.' },
  { env: 'RECONCILE_CLUSTER_CONCURRENCY', default: '8', description: 'Clusters reconciled at the same time by one replica (applications of one cluster go one after another).' },
  { env: 'CLUSTER_API_QPS', default: '50', description: 'Requests per second the reconciler sends to one cluster (token bucket).' },
  { env: 'CLUSTER_API_BURST', default: '100', description: 'Requests the reconciler may send to one cluster at once before CLUSTER_API_QPS applies.' },
  { env: 'GIT_POLL_SECONDS', default: '120', description: 'How long a resolved branch or tag is trusted before the next ls-remote (one per repository, jittered); webhooks refresh at once.' },
  { env: 'GIT_ALLOW_LOCAL', default: 'true', description: 'Allow repositories given as local paths or file:// URLs (readable by the hub process).' },
  { env: 'GIT_WEBHOOK_SECRET', default: '(unset: webhooks refused)', description: 'Shared secret for POST /api/v1/webhooks/git (GitHub HMAC signature or GitLab token).', sensitive: true },
  {
    env: 'ROLLOUT_INTERVAL_SECONDS',
    default: '5',
    description:
      'Seconds between fleet rollout passes (one replica plans and drives every RollingSync set under a lease), and between the polls each replica makes for rollout syncs due on its shards.',
  },
  { env: 'KUSTOMIZE_PATH', default: '(lookup)', description: 'kustomize binary; unset: kustomize on PATH, then kubectl kustomize, then the bundled one.' },
  { env: 'HELM_PATH', default: '(unset: Helm sources refused)', description: 'helm binary used for `helm template`.' },
  { env: 'AUDIT_RETENTION_DAYS', default: '0 (keep everything)', description: 'Days the audit log keeps API actions; older months are dropped whole, daily.' },
  { env: 'HISTORY_RETENTION_DAYS', default: '0 (keep everything)', description: 'Days sync runs (deployment history) are kept; older months are dropped whole, daily.' },
  { env: 'FLOTILLA_CONFIG_FILE', default: 'config/flotilla.yaml', description: 'Optional YAML file with any of these settings (environment variables win).' },
];

export const rawConfigSchema = z.object({
  PORT: integer(0, 65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: postgresUrl,
  DATABASE_POOL_SIZE: integer(1, 200).default(10),
  FLOTILLA_DATA_DIR: z.string().min(1).default('./data'),
  FLOTILLA_ADMIN_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  FLOTILLA_ENCRYPTION_KEY: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  BODY_LIMIT: byteSize.default(1024 * 1024),
  CLUSTER_CHECK_ENABLED: booleanText.default(true),
  CLUSTER_CHECK_INTERVAL_SECONDS: integer(5, 86_400).default(60),
  CLUSTER_CHECK_TIMEOUT_MS: integer(100, 120_000).default(5000),
  CLUSTER_CHECK_CONCURRENCY: integer(1, 256).default(8),
  IN_CLUSTER: z.enum(['auto', 'true', 'false']).default('auto'),
  IN_CLUSTER_KUBECONFIG: z.string().min(1).optional(),
  APPSET_DELETION_BUDGET_PERCENT: integer(1, 100).default(25),
  APPSET_RESYNC_SECONDS: integer(10, 86_400).default(180),
  SHARD_COUNT: integer(1, 1024).default(16),
  SHARD_LEASE_SECONDS: integer(3, 3600).default(30),
  RECONCILE_INTERVAL_SECONDS: integer(1, 86_400).default(60),
  RECONCILE_CLUSTER_CONCURRENCY: integer(1, 256).default(8),
  CLUSTER_API_QPS: integer(1, 10_000).default(50),
  CLUSTER_API_BURST: integer(1, 10_000).default(100),
  GIT_POLL_SECONDS: integer(1, 86_400).default(120),
  GIT_ALLOW_LOCAL: booleanText.default(true),
  GIT_WEBHOOK_SECRET: z.string().min(16, 'at least 16 characters').optional(),
  ROLLOUT_INTERVAL_SECONDS: integer(1, 3600).default(5),
  KUSTOMIZE_PATH: z.string().min(1).optional(),
  HELM_PATH: z.string().min(1).optional(),
  AUDIT_RETENTION_DAYS: integer(0, 36_500).default(0),
  HISTORY_RETENTION_DAYS: integer(0, 36_500).default(0),
});

export type RawConfig = z.infer<typeof rawConfigSchema>;
