import { createHmac } from 'node:crypto';
import { exampleManifest } from './example-fleet';

/** Where the example requests point: a repository and a cluster the test controls. */
export interface ExampleWorld {
  repoURL: string;
  cluster: { server: string; bearerToken: string; caData?: string };
  webhookSecret: string;
}

export interface ApiExample {
  /** Values of the path parameters (unencoded). */
  path?: Record<string, string>;
  /** Values of the query parameters (unencoded), for operations whose query is what they are about. */
  query?: Record<string, string>;
  body?: unknown;
  contentType?: string;
  /** Headers that depend on the exact bytes sent (a webhook signature). */
  headersFor?: (rawBody: string) => Record<string, string>;
}

/**
 * A realistic, valid request body for every operation that takes one (and a query for those that are queries),
 * keyed like `Operation.key`. The contract test sends them as its happy path; the hostile-input sweep mutates them
 * field by field. A new operation with a body needs an entry here, or both tests fail.
 */
export function apiExamples(world: ExampleWorld): Record<string, ApiExample> {
  const rewrite = { repoURL: world.repoURL, stagingServer: world.cluster.server };
  const project = exampleManifest('projects/platform.yaml', rewrite);
  const applicationSet = exampleManifest('applicationsets/my-api-clusters.yaml', rewrite);
  // The guide's plain Application, deployed to the example cluster instead of the hub's own.
  const application = exampleManifest('apps/my-api/argocd-app.yaml', { ...rewrite, inClusterServer: world.cluster.server });
  // The example subscription; its receiver is a loopback port nothing listens on (a test send reports that).
  const notificationSubscription = {
    name: 'ops',
    events: ['app.deployed', 'sync.failed'],
    filter: { project: 'platform' },
    destination: { type: 'webhook', url: 'http://127.0.0.1:9/hook', headers: { Authorization: 'Bearer receiver-token' }, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
  };
  return {
    'POST /api/v1/tokens': { body: { name: 'ci', role: 'viewer', expiresAt: '2099-01-01T00:00:00Z' } },
    'POST /api/v1/clusters': {
      body: {
        name: 'staging-eu',
        server: world.cluster.server,
        labels: { env: 'staging', region: 'eu' },
        annotations: { team: 'platform' },
        credentials: { bearerToken: world.cluster.bearerToken },
        ...(world.cluster.caData ? { tls: { caData: world.cluster.caData } } : {}),
      },
    },
    'PATCH /api/v1/clusters/{name}': {
      path: { name: 'staging-eu' },
      contentType: 'application/merge-patch+json',
      body: { labels: { tier: 'web', region: null }, annotations: { owner: 'team-a' } },
    },
    'POST /api/v1/projects': { body: project },
    'PUT /api/v1/projects/{name}': { path: { name: 'platform' }, body: project },
    // `argocd proj role create-token platform deployer --expires-in 24h --id ci-pipeline`, for the example's role.
    'POST /api/v1/projects/{name}/roles/{role}/tokens': { path: { name: 'platform', role: 'deployer' }, body: { expiresIn: 86400, id: 'ci-pipeline', description: 'GitHub Actions deploys' } },
    'POST /api/v1/repositories': { body: { url: 'https://127.0.0.1:8443/platform/fleet.git', username: 'flotilla', token: 'read-only-token' } },
    'POST /api/v1/generator-plugins': { body: { name: 'shard-plugin', baseUrl: 'http://127.0.0.1:4355', token: 'plugin-token', requestTimeoutSeconds: 10 } },
    'PUT /api/v1/generator-plugins/{name}': { path: { name: 'shard-plugin' }, body: { name: 'shard-plugin', baseUrl: 'http://127.0.0.1:4356', token: 'rotated-plugin-token', requestTimeoutSeconds: 20 } },
    'POST /api/v1/applicationsets': { body: applicationSet },
    'POST /api/v1/applicationsets/preview': { body: applicationSet },
    'PUT /api/v1/applicationsets/{name}': { path: { name: 'my-api-fleet' }, body: applicationSet },
    'POST /api/v1/notifications/subscriptions': { body: notificationSubscription },
    'PUT /api/v1/notifications/subscriptions/{name}': { path: { name: 'ops' }, body: { ...notificationSubscription, events: ['app.deployed', 'sync.failed', 'rollout.halted'] } },
    'POST /api/v1/notifications/subscriptions/{name}/test': { path: { name: 'ops' }, body: {} },
    'GET /api/v1/notifications/deliveries': { query: { subscription: 'ops', state: 'pending', limit: '20' } },
    'POST /api/v1/applications': { body: application },
    'PUT /api/v1/applications/{name}': { path: { name: 'my-api-production' }, body: application },
    'POST /api/v1/applications/{name}/sync': { path: { name: 'my-api-staging-eu' }, body: { dryRun: true, prune: false } },
    'GET /api/v1/history': { query: { cluster: 'staging-eu', selector: 'env=staging', since: '2020-01-01T00:00:00Z', resources: 'true', limit: '20' } },
    'GET /api/v1/history/state': { query: { selector: 'env in (staging,production)', project: 'platform' } },
    'GET /api/v1/history/changes': { query: { from: '2020-01-01T00:00:00Z', applicationSet: 'my-api-fleet' } },
    'GET /api/v1/history/summary': { query: { since: '2020-01-01T00:00:00Z', groupBy: 'label:env' } },
    'POST /api/v1/webhooks/git': {
      body: { ref: 'refs/heads/main', repository: { clone_url: 'https://127.0.0.1:8443/platform/fleet.git', ssh_url: 'git@127.0.0.1:platform/fleet.git' } },
      headersFor: (rawBody) => ({ 'X-GitHub-Event': 'push', 'X-Hub-Signature-256': `sha256=${createHmac('sha256', world.webhookSecret).update(rawBody).digest('hex')}` }),
    },
  };
}
