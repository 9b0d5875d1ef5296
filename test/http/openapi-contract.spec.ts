import { randomUUID } from 'node:crypto';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RolloutsScheduler } from '../../src/rollouts/rollouts.scheduler';
import { type ApiExample, apiExamples } from '../support/api-examples';
import { createGitRepo, type GitTestRepo } from '../support/git-repo';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api';
import { type Answer, AnswerChecker, answerOf, fetchServedDocument, fillPath, type Operation, type ServedDocument } from '../support/openapi';
import { bearer, startTestHub, type TestHub } from '../support/test-hub';

const WEBHOOK_SECRET = 'contract-webhook-secret';

type Lazy<T> = T | (() => T);
const value = <T>(lazy: Lazy<T>): T => (typeof lazy === 'function' ? (lazy as () => T)() : lazy);

/** One request and the status it must get; its answer must match what the document says of that status. */
interface Step {
  name: string;
  op: string;
  status: number;
  path?: Lazy<Record<string, string>>;
  query?: Record<string, string>;
  /** A JSON body, or the example of the operation (`true`). */
  body?: Lazy<unknown>;
  yaml?: boolean;
  contentType?: string;
  accept?: string;
  as?: 'admin' | 'viewer';
  headers?: Lazy<Record<string, string>>;
  keep?: (answer: Answer) => void;
  /** Runs before the request (e.g. a rollout pass, so that a rollout exists). */
  before?: () => Promise<unknown>;
}

describe('the OpenAPI document describes every request and every answer', () => {
  let hub: TestHub;
  let cluster: KubeApiServer;
  let repo: GitTestRepo;
  let served: ServedDocument;
  let examples: Record<string, ApiExample>;
  const checker = new AnswerChecker();
  const tokens: Record<string, string> = {};
  let repositoryId = '';
  let rolloutId = '';
  /** Operations that answered 2xx as documented. */
  const succeeded = new Set<string>();

  beforeAll(async () => {
    [cluster, repo] = await Promise.all([startKubeApiServer({ name: 'contract', controllerDelayMs: 50 }), Promise.resolve(createGitRepo({ example: true }))]);
    // Rollout passes run only when a step asks, so each control meets the state it expects.
    hub = await startTestHub({ env: { GIT_WEBHOOK_SECRET: WEBHOOK_SECRET, RECONCILE_INTERVAL_SECONDS: '3600', ROLLOUT_INTERVAL_SECONDS: '3600' } });
    tokens.admin = hub.adminToken;
    served = await fetchServedDocument(hub);
    examples = apiExamples({ repoURL: repo.url, cluster: { server: cluster.server, bearerToken: cluster.token, caData: cluster.caData }, webhookSecret: WEBHOOK_SECRET });
  });

  afterAll(async () => {
    await Promise.all([hub?.close(), cluster?.stop()]);
    repo?.remove();
  });

  const operation = (key: string): Operation => {
    const found = served.operations.find((candidate) => candidate.key === key);
    if (!found) throw new Error(`${key} is not in the document`);
    return found;
  };

  async function send(step: Step): Promise<Answer> {
    await step.before?.();
    const op = operation(step.op);
    const example = examples[step.op];
    const pathValues = step.path ? value(step.path) : (example?.path ?? {});
    const url = fillPath(op, Object.fromEntries(Object.entries(pathValues).map(([name, raw]) => [name, encodeURIComponent(raw)])));
    let request = hub.http[op.method](url).query(step.query ?? example?.query ?? {});
    if (step.as !== undefined || op.spec.security?.length) request = request.set(bearer(tokens[step.as ?? 'admin']));
    if (step.accept) request = request.set('Accept', step.accept);
    const body = step.body === true ? example?.body : step.body === undefined ? undefined : value(step.body);
    if (body !== undefined) {
      const raw = step.yaml ? stringify(body) : JSON.stringify(body);
      const contentType = step.yaml ? 'application/yaml' : (step.contentType ?? (step.body === true ? example?.contentType : undefined) ?? 'application/json');
      request = request.set('Content-Type', contentType).set(step.headers ? value(step.headers) : (example?.headersFor?.(raw) ?? {})).send(raw);
    }
    return answerOf(await request);
  }

  const manifest = (op: string, change: (body: Record<string, unknown>) => Record<string, unknown>) => () => change(structuredClone(examples[op].body) as Record<string, unknown>);
  // The example's RollingSync set, named apart from the example set's applications, its first step waiting for approval.
  const rollingSet = () => {
    const set = structuredClone(examples['POST /api/v1/applicationsets'].body) as { metadata: { name: string }; spec: Record<string, unknown> & { template: { metadata: { name: string } } } };
    set.metadata.name = 'my-api-rollout';
    set.spec.template.metadata.name = 'rollout-{{name}}';
    set.spec.strategy = { type: 'RollingSync', rollingSync: { steps: [{ matchExpressions: [{ key: 'env', operator: 'In', values: ['staging'] }], approval: true }] } };
    return set;
  };
  const unreachable = { name: 'unreachable', server: 'https://127.0.0.1:9', credentials: { bearerToken: 'unused-token' } };

  const steps: Step[] = [
    // Tokens (admin only)
    { name: 'creates a token', op: 'POST /api/v1/tokens', status: 201, body: true, keep: (answer) => (tokens.viewer = (answer.body as { token: string }).token) },
    { name: 'refuses a second token of the same name', op: 'POST /api/v1/tokens', status: 409, body: true },
    { name: 'refuses a bad token name', op: 'POST /api/v1/tokens', status: 400, body: { name: 'no spaces allowed', role: 'viewer' } },
    { name: 'lists tokens', op: 'GET /api/v1/tokens', status: 200 },
    { name: 'refuses token management to a viewer', op: 'GET /api/v1/tokens', status: 403, as: 'viewer' },
    { name: 'cannot revoke an unknown token', op: 'DELETE /api/v1/tokens/{name}', status: 404, path: { name: 'nobody' } },
    { name: 'tells a viewer who it is', op: 'GET /api/v1/account', status: 200, as: 'viewer' },
    { name: 'answers can-i', op: 'GET /api/v1/account/can-i', status: 200, query: { resource: 'applications', action: 'sync', object: 'default/guestbook' }, as: 'viewer' },
    { name: 'refuses can-i without an object', op: 'GET /api/v1/account/can-i', status: 400, query: { resource: 'applications', action: 'sync' } },
    // Clusters
    { name: 'registers a cluster that answers', op: 'POST /api/v1/clusters', status: 201, body: true, query: { check: 'true' } },
    { name: 'refuses a cluster name twice', op: 'POST /api/v1/clusters', status: 409, body: true },
    { name: 'refuses a cluster that does not answer, with ?check=true', op: 'POST /api/v1/clusters', status: 422, body: unreachable, query: { check: 'true' } },
    { name: 'refuses a cluster without credentials', op: 'POST /api/v1/clusters', status: 400, body: { name: 'no-credentials' } },
    { name: 'refuses cluster writes to a viewer', op: 'POST /api/v1/clusters', status: 403, body: true, as: 'viewer' },
    { name: 'registers a cluster without checking it', op: 'POST /api/v1/clusters', status: 201, body: unreachable },
    { name: 'lists clusters', op: 'GET /api/v1/clusters', status: 200, query: { selector: 'env=staging', limit: '1' } },
    { name: 'refuses a bad selector', op: 'GET /api/v1/clusters', status: 400, query: { selector: 'env in (a' } },
    { name: 'reads a cluster', op: 'GET /api/v1/clusters/{name}', status: 200, path: { name: 'staging-eu' } },
    { name: 'reads no unknown cluster', op: 'GET /api/v1/clusters/{name}', status: 404, path: { name: 'nowhere' } },
    { name: 'patches a cluster', op: 'PATCH /api/v1/clusters/{name}', status: 200, body: true },
    { name: 'patches no unknown cluster', op: 'PATCH /api/v1/clusters/{name}', status: 404, path: { name: 'nowhere' }, body: true },
    { name: 'checks a cluster', op: 'POST /api/v1/clusters/{name}/check', status: 200, path: { name: 'staging-eu' } },
    { name: 'checks no unknown cluster', op: 'POST /api/v1/clusters/{name}/check', status: 404, path: { name: 'nowhere' } },
    { name: 'deletes a cluster', op: 'DELETE /api/v1/clusters/{name}', status: 204, path: { name: 'unreachable' } },
    { name: 'deletes no unknown cluster', op: 'DELETE /api/v1/clusters/{name}', status: 404, path: { name: 'unreachable' } },
    // Projects
    { name: 'creates a project from YAML', op: 'POST /api/v1/projects', status: 201, body: true, yaml: true },
    { name: 'refuses a project name twice', op: 'POST /api/v1/projects', status: 409, body: true },
    { name: 'refuses a manifest of another kind', op: 'POST /api/v1/projects', status: 400, body: manifest('POST /api/v1/projects', (body) => ({ ...body, kind: 'Application' })) },
    { name: 'replaces a project', op: 'PUT /api/v1/projects/{name}', status: 200, body: true },
    { name: 'creates a project with PUT', op: 'PUT /api/v1/projects/{name}', status: 200, path: { name: 'scratch' }, body: { apiVersion: 'argoproj.io/v1alpha1', kind: 'AppProject', metadata: { name: 'scratch' } } },
    { name: 'refuses a PUT whose name differs from the path', op: 'PUT /api/v1/projects/{name}', status: 400, path: { name: 'other' }, body: true },
    { name: 'lists projects', op: 'GET /api/v1/projects', status: 200 },
    { name: 'reads a project as YAML', op: 'GET /api/v1/projects/{name}', status: 200, path: { name: 'platform' }, accept: 'application/yaml' },
    { name: 'reads no unknown project', op: 'GET /api/v1/projects/{name}', status: 404, path: { name: 'nowhere' } },
    { name: 'issues a token of a project role', op: 'POST /api/v1/projects/{name}/roles/{role}/tokens', status: 201, body: true },
    { name: 'issues a token with a duration', op: 'POST /api/v1/projects/{name}/roles/{role}/tokens', status: 201, body: { expiresIn: '7d' } },
    { name: 'refuses a token id twice in one role', op: 'POST /api/v1/projects/{name}/roles/{role}/tokens', status: 409, body: true },
    { name: 'refuses a bad token expiry', op: 'POST /api/v1/projects/{name}/roles/{role}/tokens', status: 400, body: { expiresIn: 'soon' } },
    { name: 'issues no token of an unknown role', op: 'POST /api/v1/projects/{name}/roles/{role}/tokens', status: 404, path: { name: 'platform', role: 'nobody' }, body: {} },
    { name: "lists a project role's tokens", op: 'GET /api/v1/projects/{name}/roles/{role}/tokens', status: 200, path: { name: 'platform', role: 'deployer' } },
    { name: 'lists no tokens of an unknown project', op: 'GET /api/v1/projects/{name}/roles/{role}/tokens', status: 404, path: { name: 'nowhere', role: 'deployer' } },
    { name: 'revokes a token of a project role', op: 'DELETE /api/v1/projects/{name}/roles/{role}/tokens/{id}', status: 204, path: { name: 'platform', role: 'deployer', id: 'ci-pipeline' } },
    { name: 'revokes no unknown token', op: 'DELETE /api/v1/projects/{name}/roles/{role}/tokens/{id}', status: 404, path: { name: 'platform', role: 'deployer', id: 'ci-pipeline' } },
    { name: 'deletes a project', op: 'DELETE /api/v1/projects/{name}', status: 204, path: { name: 'scratch' } },
    { name: 'keeps the default project', op: 'DELETE /api/v1/projects/{name}', status: 409, path: { name: 'default' } },
    { name: 'deletes no unknown project', op: 'DELETE /api/v1/projects/{name}', status: 404, path: { name: 'scratch' } },
    // Git repositories
    { name: 'registers repository credentials', op: 'POST /api/v1/repositories', status: 201, body: true, keep: (answer) => (repositoryId = (answer.body as { id: string }).id) },
    { name: 'refuses a repository twice', op: 'POST /api/v1/repositories', status: 409, body: true },
    { name: 'refuses a password and a token together', op: 'POST /api/v1/repositories', status: 400, body: { url: 'https://127.0.0.1:8443/x.git', password: 'p', token: 't' } },
    { name: 'lists repositories', op: 'GET /api/v1/repositories', status: 200 },
    { name: 'reads a repository', op: 'GET /api/v1/repositories/{id}', status: 200, path: () => ({ id: repositoryId }) },
    { name: 'reads no unknown repository', op: 'GET /api/v1/repositories/{id}', status: 404, path: () => ({ id: randomUUID() }) },
    { name: 'deletes a repository', op: 'DELETE /api/v1/repositories/{id}', status: 204, path: () => ({ id: repositoryId }) },
    { name: 'deletes no unknown repository', op: 'DELETE /api/v1/repositories/{id}', status: 404, path: () => ({ id: repositoryId }) },
    // Generator plugins
    { name: 'registers a generator plugin', op: 'POST /api/v1/generator-plugins', status: 201, body: true },
    { name: 'refuses a plugin name twice', op: 'POST /api/v1/generator-plugins', status: 409, body: true },
    { name: 'refuses a plugin URL with credentials', op: 'POST /api/v1/generator-plugins', status: 400, body: { name: 'p2', baseUrl: 'http://u:p@127.0.0.1:1', token: 't' } },
    { name: 'refuses a plugin registration to a viewer', op: 'POST /api/v1/generator-plugins', status: 403, body: true, as: 'viewer' },
    { name: 'lists generator plugins', op: 'GET /api/v1/generator-plugins', status: 200 },
    { name: 'reads a generator plugin', op: 'GET /api/v1/generator-plugins/{name}', status: 200, path: { name: 'shard-plugin' } },
    { name: 'reads no unknown generator plugin', op: 'GET /api/v1/generator-plugins/{name}', status: 404, path: { name: 'nowhere' } },
    { name: 'replaces a generator plugin', op: 'PUT /api/v1/generator-plugins/{name}', status: 200, body: true },
    { name: 'replaces no unknown generator plugin', op: 'PUT /api/v1/generator-plugins/{name}', status: 404, path: { name: 'nowhere' }, body: { baseUrl: 'http://127.0.0.1:1' } },
    { name: 'deletes a generator plugin', op: 'DELETE /api/v1/generator-plugins/{name}', status: 204, path: { name: 'shard-plugin' } },
    { name: 'deletes no unknown generator plugin', op: 'DELETE /api/v1/generator-plugins/{name}', status: 404, path: { name: 'shard-plugin' } },
    // ApplicationSets
    { name: 'previews a set', op: 'POST /api/v1/applicationsets/preview', status: 200, body: true, yaml: true },
    { name: 'refuses to preview a set without generators', op: 'POST /api/v1/applicationsets/preview', status: 422, body: manifest('POST /api/v1/applicationsets', (body) => ({ ...body, spec: { ...(body.spec as object), generators: [] } })) },
    { name: 'creates a set from YAML', op: 'POST /api/v1/applicationsets', status: 201, body: true, yaml: true },
    { name: 'refuses a set name twice', op: 'POST /api/v1/applicationsets', status: 409, body: true },
    { name: 'refuses a set without generators', op: 'POST /api/v1/applicationsets', status: 400, body: manifest('POST /api/v1/applicationsets', (body) => ({ ...body, spec: { ...(body.spec as object), generators: [] } })) },
    {
      name: 'refuses an unsupported generator',
      op: 'POST /api/v1/applicationsets',
      status: 422,
      body: manifest('POST /api/v1/applicationsets', (body) => ({ ...body, metadata: { name: 'placement' }, spec: { ...(body.spec as object), generators: [{ scmProvider: { awsCodeCommit: {} } }] } })),
    },
    {
      name: 'refuses a Go template option Go does not know',
      op: 'POST /api/v1/applicationsets',
      status: 400,
      body: manifest('POST /api/v1/applicationsets', (body) => ({ ...body, metadata: { name: 'go' }, spec: { ...(body.spec as object), goTemplate: true, goTemplateOptions: ['strict'] } })),
    },
    { name: 'replaces a set', op: 'PUT /api/v1/applicationsets/{name}', status: 200, body: true },
    {
      name: 'creates a set with PUT',
      op: 'PUT /api/v1/applicationsets/{name}',
      status: 201,
      path: { name: 'scratch-set' },
      body: manifest('POST /api/v1/applicationsets', (body) => ({ ...body, metadata: { name: 'scratch-set' }, spec: { ...(body.spec as object), generators: [{ list: { elements: [] } }] } })),
    },
    { name: 'lists sets', op: 'GET /api/v1/applicationsets', status: 200, query: { limit: '1' } },
    { name: 'reads a set', op: 'GET /api/v1/applicationsets/{name}', status: 200, path: { name: 'my-api-fleet' } },
    { name: 'reads no unknown set', op: 'GET /api/v1/applicationsets/{name}', status: 404, path: { name: 'nowhere' } },
    { name: 'expands a set again', op: 'POST /api/v1/applicationsets/{name}/refresh', status: 200, path: { name: 'my-api-fleet' } },
    { name: 'expands no unknown set', op: 'POST /api/v1/applicationsets/{name}/refresh', status: 404, path: { name: 'nowhere' } },
    { name: 'approves pending deletions', op: 'POST /api/v1/applicationsets/{name}/approve-deletions', status: 200, path: { name: 'my-api-fleet' } },
    { name: 'approves nothing for an unknown set', op: 'POST /api/v1/applicationsets/{name}/approve-deletions', status: 404, path: { name: 'nowhere' } },
    { name: 'shows what deleting a set would do', op: 'DELETE /api/v1/applicationsets/{name}', status: 200, path: { name: 'scratch-set' }, query: { dryRun: 'true' } },
    { name: 'refuses a bad cascade value', op: 'DELETE /api/v1/applicationsets/{name}', status: 400, path: { name: 'scratch-set' }, query: { cascade: 'maybe' } },
    { name: 'deletes a set', op: 'DELETE /api/v1/applicationsets/{name}', status: 200, path: { name: 'scratch-set' }, query: { cascade: 'true' } },
    // Rollouts
    { name: 'creates a RollingSync set', op: 'POST /api/v1/applicationsets', status: 201, body: rollingSet },
    {
      name: 'refuses a rollout step operator Argo CD flags',
      op: 'POST /api/v1/applicationsets',
      status: 422,
      body: () => ({ ...rollingSet(), metadata: { name: 'bad-rollout' }, spec: { ...rollingSet().spec, strategy: { type: 'RollingSync', rollingSync: { steps: [{ matchExpressions: [{ key: 'env', operator: 'Exists' }] }] } } } }),
    },
    {
      name: 'lists rollouts',
      op: 'GET /api/v1/rollouts',
      status: 200,
      query: { applicationSet: 'my-api-rollout', limit: '1' },
      before: () => hub.app.get(RolloutsScheduler).runPass(),
      keep: (answer) => (rolloutId = (answer.body as { items: { id: string }[] }).items[0].id),
    },
    { name: 'refuses an unknown rollout state', op: 'GET /api/v1/rollouts', status: 400, query: { state: 'Done' } },
    { name: 'reads a rollout', op: 'GET /api/v1/rollouts/{id}', status: 200, path: () => ({ id: rolloutId }) },
    { name: 'reads no unknown rollout', op: 'GET /api/v1/rollouts/{id}', status: 404, path: () => ({ id: randomUUID() }) },
    { name: 'approves the step waiting for approval', op: 'POST /api/v1/rollouts/{id}/approve', status: 200, path: () => ({ id: rolloutId }) },
    { name: 'refuses to approve a rollout that waits for nothing', op: 'POST /api/v1/rollouts/{id}/approve', status: 409, path: () => ({ id: rolloutId }) },
    { name: 'refuses rollout controls to a viewer', op: 'POST /api/v1/rollouts/{id}/pause', status: 403, path: () => ({ id: rolloutId }), as: 'viewer' },
    { name: 'pauses a rollout', op: 'POST /api/v1/rollouts/{id}/pause', status: 200, path: () => ({ id: rolloutId }) },
    { name: 'resumes a rollout', op: 'POST /api/v1/rollouts/{id}/resume', status: 200, path: () => ({ id: rolloutId }) },
    { name: 'aborts a rollout', op: 'POST /api/v1/rollouts/{id}/abort', status: 200, path: () => ({ id: rolloutId }) },
    { name: 'cannot resume an aborted rollout', op: 'POST /api/v1/rollouts/{id}/resume', status: 409, path: () => ({ id: rolloutId }) },
    { name: 'cannot control an unknown rollout', op: 'POST /api/v1/rollouts/{id}/abort', status: 404, path: () => ({ id: randomUUID() }) },
    { name: 'deletes no unknown set', op: 'DELETE /api/v1/applicationsets/{name}', status: 404, path: { name: 'scratch-set' } },
    // Applications
    { name: 'lists applications', op: 'GET /api/v1/applications', status: 200, query: { applicationSet: 'my-api-fleet', selector: 'env=staging' } },
    { name: 'refuses an unknown filter', op: 'GET /api/v1/applications', status: 400, query: { owner: 'me' } },
    { name: 'reads an application', op: 'GET /api/v1/applications/{name}', status: 200, path: { name: 'my-api-staging-eu' } },
    { name: 'reads no unknown application', op: 'GET /api/v1/applications/{name}', status: 404, path: { name: 'nowhere' } },
    { name: 'refreshes an application', op: 'POST /api/v1/applications/{name}/refresh', status: 200, path: { name: 'my-api-staging-eu' } },
    { name: 'refreshes an application hard', op: 'POST /api/v1/applications/{name}/refresh', status: 200, path: { name: 'my-api-staging-eu' }, query: { hard: 'true' } },
    { name: 'refuses a bad hard value', op: 'POST /api/v1/applications/{name}/refresh', status: 400, path: { name: 'my-api-staging-eu' }, query: { hard: 'yes' } },
    { name: 'refreshes no unknown application', op: 'POST /api/v1/applications/{name}/refresh', status: 404, path: { name: 'nowhere' } },
    { name: 'syncs as a dry run', op: 'POST /api/v1/applications/{name}/sync', status: 200, body: true },
    { name: 'syncs', op: 'POST /api/v1/applications/{name}/sync', status: 200, path: { name: 'my-api-staging-eu' }, body: { prune: true } },
    { name: 'cannot sync a revision that does not exist', op: 'POST /api/v1/applications/{name}/sync', status: 422, path: { name: 'my-api-staging-eu' }, body: { revision: 'no-such-branch' } },
    { name: 'refuses a sync option of the wrong type', op: 'POST /api/v1/applications/{name}/sync', status: 400, path: { name: 'my-api-staging-eu' }, body: { prune: 'yes' } },
    { name: 'syncs no unknown application', op: 'POST /api/v1/applications/{name}/sync', status: 404, path: { name: 'nowhere' }, body: {} },
    { name: 'shows the sync history', op: 'GET /api/v1/applications/{name}/history', status: 200, path: { name: 'my-api-staging-eu' }, query: { limit: '1' } },
    { name: 'refuses a forged history cursor', op: 'GET /api/v1/applications/{name}/history', status: 400, path: { name: 'my-api-staging-eu' }, query: { cursor: 'forged' } },
    { name: 'has no history of an unknown application', op: 'GET /api/v1/applications/{name}/history', status: 404, path: { name: 'nowhere' } },
    { name: 'diffs an application with its cluster', op: 'GET /api/v1/applications/{name}/diff', status: 200, path: { name: 'my-api-staging-eu' }, query: { all: 'true' } },
    { name: 'refuses a bad all value', op: 'GET /api/v1/applications/{name}/diff', status: 400, path: { name: 'my-api-staging-eu' }, query: { all: 'yes' } },
    { name: 'diffs no unknown application', op: 'GET /api/v1/applications/{name}/diff', status: 404, path: { name: 'nowhere' } },
    { name: 'creates an application from YAML', op: 'POST /api/v1/applications', status: 201, body: true, yaml: true },
    { name: 'refuses an application name twice', op: 'POST /api/v1/applications', status: 409, body: true },
    { name: 'refuses an application without a destination', op: 'POST /api/v1/applications', status: 400, body: manifest('POST /api/v1/applications', (body) => ({ ...body, spec: { ...(body.spec as object), destination: undefined } })) },
    {
      name: 'refuses an application of a project that does not exist',
      op: 'POST /api/v1/applications',
      status: 422,
      body: manifest('POST /api/v1/applications', (body) => ({ ...body, metadata: { name: 'elsewhere' }, spec: { ...(body.spec as object), project: 'nowhere' } })),
    },
    { name: 'replaces an application', op: 'PUT /api/v1/applications/{name}', status: 200, body: true },
    { name: 'replaces no unknown application', op: 'PUT /api/v1/applications/{name}', status: 404, path: { name: 'nowhere' }, body: manifest('POST /api/v1/applications', (body) => ({ ...body, metadata: { name: 'nowhere' } })) },
    {
      name: 'refuses to replace a generated application',
      op: 'PUT /api/v1/applications/{name}',
      status: 409,
      path: { name: 'my-api-staging-eu' },
      body: manifest('POST /api/v1/applications', (body) => ({ ...body, metadata: { name: 'my-api-staging-eu' } })),
    },
    { name: 'refuses to delete a generated application', op: 'DELETE /api/v1/applications/{name}', status: 409, path: { name: 'my-api-staging-eu' } },
    { name: 'deletes an application and its resources', op: 'DELETE /api/v1/applications/{name}', status: 200, path: { name: 'my-api-production' } },
    { name: 'deletes no unknown application', op: 'DELETE /api/v1/applications/{name}', status: 404, path: { name: 'my-api-production' } },
    // Fleet-wide history (after the syncs above, so the answers have rows to check)
    { name: 'lists the sync runs of the fleet', op: 'GET /api/v1/history', status: 200 },
    { name: 'refuses an unknown history filter', op: 'GET /api/v1/history', status: 400, query: { owner: 'me' } },
    { name: 'shows what runs where', op: 'GET /api/v1/history/state', status: 200 },
    { name: 'shows what ran where at a moment, to a viewer', op: 'GET /api/v1/history/state', status: 200, query: { at: '2020-01-01T00:00:00Z' }, as: 'viewer' },
    { name: 'refuses a state query with a bad selector', op: 'GET /api/v1/history/state', status: 400, query: { selector: 'env in (a' } },
    { name: 'lists revision changes', op: 'GET /api/v1/history/changes', status: 200 },
    { name: 'refuses revision changes without from', op: 'GET /api/v1/history/changes', status: 400, query: {} },
    { name: 'summarises the history by label', op: 'GET /api/v1/history/summary', status: 200 },
    { name: 'refuses a grouping it does not know', op: 'GET /api/v1/history/summary', status: 400, query: { groupBy: 'team' } },
    // Audit log
    { name: 'reads the audit log', op: 'GET /api/v1/audit', status: 200, query: { resource: 'clusters', status: '2xx', limit: '2' } },
    { name: 'refuses a time filter that is not RFC 3339', op: 'GET /api/v1/audit', status: 400, query: { since: 'yesterday' } },
    // Notifications
    { name: 'creates a notification subscription', op: 'POST /api/v1/notifications/subscriptions', status: 201, body: true },
    { name: 'refuses a subscription name twice', op: 'POST /api/v1/notifications/subscriptions', status: 409, body: true },
    { name: 'refuses a subscription to an unknown event', op: 'POST /api/v1/notifications/subscriptions', status: 400, body: manifest('POST /api/v1/notifications/subscriptions', (body) => ({ ...body, events: ['app.exploded'] })) },
    { name: 'lists notification subscriptions', op: 'GET /api/v1/notifications/subscriptions', status: 200 },
    { name: 'reads a notification subscription', op: 'GET /api/v1/notifications/subscriptions/{name}', status: 200, path: { name: 'ops' } },
    { name: 'reads no unknown subscription', op: 'GET /api/v1/notifications/subscriptions/{name}', status: 404, path: { name: 'nowhere' } },
    { name: 'replaces a notification subscription', op: 'PUT /api/v1/notifications/subscriptions/{name}', status: 200, body: true },
    { name: 'replaces no unknown subscription', op: 'PUT /api/v1/notifications/subscriptions/{name}', status: 404, path: { name: 'nowhere' }, body: manifest('POST /api/v1/notifications/subscriptions', (body) => ({ ...body, name: 'nowhere' })) },
    { name: 'test-sends to a subscription and reports the answer', op: 'POST /api/v1/notifications/subscriptions/{name}/test', status: 200, body: true },
    { name: 'test-sends to no unknown subscription', op: 'POST /api/v1/notifications/subscriptions/{name}/test', status: 404, path: { name: 'nowhere' }, body: {} },
    { name: 'lists notification deliveries', op: 'GET /api/v1/notifications/deliveries', status: 200 },
    { name: 'refuses an unknown delivery state', op: 'GET /api/v1/notifications/deliveries', status: 400, query: { state: 'lost' } },
    { name: 'deletes a notification subscription', op: 'DELETE /api/v1/notifications/subscriptions/{name}', status: 204, path: { name: 'ops' } },
    { name: 'deletes no unknown subscription', op: 'DELETE /api/v1/notifications/subscriptions/{name}', status: 404, path: { name: 'ops' } },
    // Operations
    { name: 'lists shards', op: 'GET /api/v1/shards', status: 200 },
    { name: 're-encrypts credentials', op: 'POST /api/v1/admin/reencrypt-credentials', status: 200 },
    { name: 'accepts a signed push webhook', op: 'POST /api/v1/webhooks/git', status: 202, body: true },
    { name: 'refuses a webhook with a bad signature', op: 'POST /api/v1/webhooks/git', status: 401, body: true, headers: { 'X-GitHub-Event': 'push', 'X-Hub-Signature-256': 'sha256=00' } },
    { name: 'refuses a webhook from neither GitHub nor GitLab', op: 'POST /api/v1/webhooks/git', status: 400, body: true, headers: {} },
    { name: 'revokes a token', op: 'DELETE /api/v1/tokens/{name}', status: 204, path: { name: 'ci' } },
  ];

  it('serves a valid OpenAPI 3.0 document', () => {
    expect(served.raw.openapi).toMatch(/^3\.0\./);
    expect(served.operations.length).toBeGreaterThan(0);
  });

  it('documents a response schema for every answer of every operation', () => {
    const undocumented = served.operations.flatMap((op) => {
      const responses = Object.entries(op.spec.responses);
      const missing = responses.filter(([status, response]) => status !== '204' && !('content' in response && response.content));
      const success = responses.filter(([status]) => status.startsWith('2'));
      return [...missing.map(([status]) => `${op.key} ${status}: no schema`), ...(success.length === 0 ? [`${op.key}: no successful answer`] : [])];
    });
    expect(undocumented).toEqual([]);
  });

  it.each(steps)('$op $name → $status', async (step) => {
    const answer = await send(step);
    expect({ status: answer.status, body: answer.body }).toMatchObject({ status: step.status });
    expect(checker.problems(operation(step.op), answer)).toEqual([]);
    if (step.status < 300) succeeded.add(step.op);
    step.keep?.(answer);
  });

  it('answers 401 with the documented error to every operation called without a token', async () => {
    const problems: string[] = [];
    for (const op of served.operations.filter((candidate) => candidate.spec.security?.length)) {
      const url = fillPath(op, Object.fromEntries(op.path.match(/\{[^}]+\}/g)?.map((name) => [name.slice(1, -1), 'x']) ?? []));
      const answer = answerOf(await hub.http[op.method](url));
      if (answer.status !== 401) problems.push(`${op.key}: ${answer.status}`);
      problems.push(...checker.problems(op, answer).map((problem) => `${op.key}: ${problem}`));
    }
    expect(problems).toEqual([]);
  });

  it('exercised every operation of the document with a successful request', () => {
    expect(served.operations.map((op) => op.key).filter((key) => !succeeded.has(key))).toEqual([]);
  });
});
