import { z } from 'zod';
import { parseGoDuration } from '../common/go-duration';

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

const httpUrl = z
  .string()
  .url('an absolute URL')
  .regex(/^https?:\/\//i, 'an http:// or https:// URL');

/** A Go duration (`8h`, `90m`) between `min` and `max` seconds, as whole seconds. */
const durationSeconds = (min: number, max: number) =>
  z
    .string()
    .refine((text) => parseGoDuration(text) !== undefined, 'a duration such as 8h, 90m or 1h30m')
    .transform((text) => Math.round(parseGoDuration(text)! / 1000))
    .refine((seconds) => seconds >= min && seconds <= max, `between ${min / 60} minutes and ${max / 3600} hours`);

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
    description: 'PostgreSQL connection URL. Unset: an embedded PostgreSQL server (npm-shipped binaries, 127.0.0.1 only) persisted under the data dir.',
    sensitive: true,
  },
  { env: 'DATABASE_POOL_SIZE', default: '10', description: 'Connections in the pool (embedded PGlite always uses 1).' },
  {
    env: 'EMBEDDED_DATABASE',
    default: '(postgres)',
    description:
      'Embedded database engine when DATABASE_URL is unset: `postgres` (a real server, the default) or `pglite` (PostgreSQL as WASM in the hub, one session). Unset: `postgres`, or `pglite` for a data dir holding only a PGlite database from an earlier version.',
  },
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
  {
    env: 'ARGOCD_NAMESPACE',
    default: 'argocd',
    description:
      "The hub's Argo CD namespace: Applications, ApplicationSets and AppProjects an Application renders into it (or renders for the in-cluster destination) are adopted as the hub's own objects (app of apps), not applied to a cluster; clusterDecisionResource generators read their ConfigMap and decision resources from it in the hub's own cluster.",
  },
  { env: 'APPSET_DELETION_BUDGET_PERCENT', default: '25', description: "Share of an ApplicationSet's applications one expansion may delete (at least 1); the rest wait for approve-deletions." },
  { env: 'APPSET_RESYNC_SECONDS', default: '180', description: 'Seconds between periodic re-expansions of every ApplicationSet (changes to clusters, projects and sets trigger one at once).' },
  { env: 'SHARD_COUNT', default: '16', description: 'Reconcile shards; each cluster belongs to one by consistent hashing, each shard to one hub replica at a time.' },
  { env: 'SHARD_LEASE_SECONDS', default: '30', description: 'Shard lease length; leases are renewed every third of it, and an expired lease is taken over by another replica.' },
  { env: 'RECONCILE_INTERVAL_SECONDS', default: '60', description: 'Seconds between reconcile passes over the applications of the shards this replica holds.' },
  { env: 'RECONCILE_CLUSTER_CONCURRENCY', default: '96', description: 'Clusters reconciled at the same time by one replica (applications of one cluster go one after another); also the bound of the change queue.' },
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
  { env: 'NOTIFICATION_RETENTION_DAYS', default: '14', description: 'Days a notification event is kept once every delivery of it is settled (delivered or dead); removed daily with its deliveries.' },
  {
    env: 'RBAC_POLICY_CSV',
    default: '(none)',
    description:
      "Hub-wide access policy in Argo CD's argocd-rbac-cm `policy.csv` format (`p, <subject>, <resource>, <action>, <object>, allow|deny` and `g, <subject>, <role>` lines; `#` comments). Joins the built-in roles and AppProject roles; every bad line is reported and the hub refuses to start.",
  },
  {
    env: 'RBAC_POLICY_FILE',
    default: '(none)',
    description:
      'A file holding more policy lines in the same format (both settings may be given; at most 1 MiB, a regular file). Checked at start-up, then re-read every RBAC_POLICY_FILE_CHECK_SECONDS: a valid new text takes effect once a second read 1 s later agrees (replace the file by rename); a missing, empty or invalid one is logged and the policy in force is kept.',
  },
  {
    env: 'RBAC_POLICY_FILE_CHECK_SECONDS',
    default: '30',
    description: 'Seconds between checks of RBAC_POLICY_FILE for a new text (each replica checks its own file; jittered by 10 %); 0: read at start-up only.',
  },
  {
    env: 'RBAC_POLICY_DEFAULT',
    default: '(none)',
    description: "Role every signed-in person holds besides their own subjects and groups (Argo CD's `policy.default`), e.g. `role:readonly`; empty: none. Not given to API tokens.",
  },
  {
    env: 'RBAC_MATCH_MODE',
    default: 'glob',
    description: "How policy patterns match (Argo CD's `policy.matchMode`): `glob` (`*` matches across `/`) or `regex` (regular expressions, searched unanchored as Argo CD does).",
  },
  {
    env: 'PUBLIC_URL',
    default: '(unset)',
    description: "The hub's external URL as browsers reach it (`https://flotilla.corp.example`); required with OIDC_ISSUER: the redirect URI is `<PUBLIC_URL>/auth/callback`, and cookie-authenticated changes must come from this origin.",
  },
  { env: 'OIDC_ISSUER', default: '(unset: single sign-on off)', description: "The OpenID Connect provider's issuer URL; its discovery document is read lazily, so the hub starts while the provider is down." },
  { env: 'OIDC_CLIENT_ID', default: '(unset)', description: "The hub's client id at the provider (confidential client for the browser sign-in); required with OIDC_ISSUER." },
  { env: 'OIDC_CLIENT_SECRET', default: '(unset)', description: "The hub's client secret; or give OIDC_CLIENT_SECRET_FILE. Never logged or shown.", sensitive: true },
  { env: 'OIDC_CLIENT_SECRET_FILE', default: '(unset)', description: 'A file holding the client secret (a mounted Kubernetes Secret); read at start-up, surrounding whitespace dropped.' },
  { env: 'OIDC_SCOPES', default: 'openid profile email groups', description: 'Scopes asked for, space- or comma-separated; must include openid.' },
  { env: 'OIDC_GROUPS_CLAIM', default: 'groups', description: 'The ID token claim that lists the groups (a string array, or one string).' },
  { env: 'OIDC_CLI_CLIENT_ID', default: '(unset: OIDC_CLIENT_ID)', description: 'A public client the CLI signs in with (device grant or loopback redirect); ID tokens for it or for OIDC_CLIENT_ID are accepted at POST /auth/token.' },
  {
    env: 'AUTH_RATE_LIMIT_PER_MINUTE',
    default: '60',
    description:
      'Requests per minute one client address may make to /auth/login, /auth/callback, /auth/token and /auth/logout, on each replica (token bucket; more answer 429 with Retry-After); 0: no limit.',
  },
  { env: 'AUTH_RATE_LIMIT_BURST', default: '100', description: 'Requests one client address may make to those routes at once before AUTH_RATE_LIMIT_PER_MINUTE applies.' },
  {
    env: 'AUTH_RATE_LIMIT_ADDRESSES',
    default: '10000',
    description: 'Client addresses whose buckets one replica keeps (about 100 bytes each); beyond it the address idle longest is forgotten. IPv6 clients count per /64.',
  },
  { env: 'SSO_SESSION_TTL', default: '8h', description: 'How long a single sign-on session lasts (5m to 168h); groups are read at sign-in, so this is also how long a group change at the provider can take to apply.' },
  { env: 'FLOTILLA_CONFIG_FILE', default: 'config/flotilla.yaml', description: 'Optional YAML file with any of these settings (environment variables win).' },
];

export const rawConfigSchema = z.object({
  PORT: integer(0, 65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: postgresUrl,
  DATABASE_POOL_SIZE: integer(1, 200).default(10),
  EMBEDDED_DATABASE: z.enum(['postgres', 'pglite']).optional(),
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
  ARGOCD_NAMESPACE: z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'a namespace name (RFC 1123 label)').default('argocd'),
  APPSET_DELETION_BUDGET_PERCENT: integer(1, 100).default(25),
  APPSET_RESYNC_SECONDS: integer(10, 86_400).default(180),
  SHARD_COUNT: integer(1, 1024).default(16),
  SHARD_LEASE_SECONDS: integer(3, 3600).default(30),
  RECONCILE_INTERVAL_SECONDS: integer(1, 86_400).default(60),
  RECONCILE_CLUSTER_CONCURRENCY: integer(1, 256).default(96),
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
  NOTIFICATION_RETENTION_DAYS: integer(1, 36_500).default(14),
  RBAC_POLICY_CSV: z.string().optional(),
  RBAC_POLICY_FILE: z.string().min(1).optional(),
  RBAC_POLICY_FILE_CHECK_SECONDS: integer(0, 86_400).default(30),
  RBAC_POLICY_DEFAULT: z.string().regex(/^\S+$/, 'one subject, e.g. role:readonly').optional(),
  RBAC_MATCH_MODE: z.enum(['glob', 'regex']).default('glob'),
  PUBLIC_URL: httpUrl.optional(),
  OIDC_ISSUER: httpUrl.optional(),
  OIDC_CLIENT_ID: z.string().min(1).max(255).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET_FILE: z.string().min(1).optional(),
  OIDC_SCOPES: z
    .string()
    .transform((text) => [...new Set(text.split(/[\s,]+/).filter(Boolean))])
    .refine((scopes) => scopes.includes('openid'), 'must include openid')
    .default(['openid', 'profile', 'email', 'groups']),
  OIDC_GROUPS_CLAIM: z.string().regex(/^[A-Za-z0-9_:/.-]{1,200}$/, 'a claim name').default('groups'),
  OIDC_CLI_CLIENT_ID: z.string().min(1).max(255).optional(),
  AUTH_RATE_LIMIT_PER_MINUTE: integer(0, 100_000).default(60),
  AUTH_RATE_LIMIT_BURST: integer(1, 100_000).default(100),
  AUTH_RATE_LIMIT_ADDRESSES: integer(100, 1_000_000).default(10_000),
  SSO_SESSION_TTL: durationSeconds(300, 7 * 24 * 3600).default(8 * 3600),
});

export type RawConfig = z.infer<typeof rawConfigSchema>;
