import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { AuditTrail } from '../../src/audit/audit-trail';
import { ReconcileTriggers } from '../../src/reconcile/reconcile.triggers';
import { clusterBody } from '../support/builders';
import { exampleText } from '../support/example-fleet';
import { createGitRepo, type GitTestRepo } from '../support/git-repo';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api';
import { bearer, startTestHub, type TestHub } from '../support/test-hub';

interface AppManifest {
  metadata: { name: string };
  spec: { project: string; source: { path: string }; destination: { namespace: string } };
}

interface AuditItem {
  actor: string;
  role: string | null;
  method: string;
  path: string;
  status: number;
  project: string | null;
}

/**
 * Who may do what, end to end: the example repository's `platform` project with its `deployer` role (an Argo CD
 * manifest, unchanged), a token of that role, a second project, and a hub-wide policy in Argo CD's format.
 */
describe('project-scoped access: a project role acts on its own project only', () => {
  let hub: TestHub;
  let repo: GitTestRepo;
  let cluster: KubeApiServer;
  let admin: Record<string, string>;
  let operator: Record<string, string>;
  let deployer: Record<string, string>;

  const reconciled = () => hub.app.get(ReconcileTriggers).settled();
  const guide = () => parse(exampleText('apps/my-api/argocd-app.yaml', { repoURL: repo.url, stagingServer: cluster.server, inClusterServer: cluster.server })) as AppManifest;
  const names = (body: { items: { metadata: { name: string } }[] }) => body.items.map((item) => item.metadata.name);
  /** Every refused request of an actor, as the audit log has it (written after the answer: settled first). */
  const refusalsOf = async (actor: string): Promise<AuditItem[]> => {
    await hub.app.get(AuditTrail).settled();
    const items = (await hub.http.get('/api/v1/audit?limit=500').set(admin).expect(200)).body.items as AuditItem[];
    return items.filter((item) => item.actor === actor && item.status >= 400);
  };

  beforeAll(async () => {
    repo = createGitRepo({ example: true });
    cluster = await startKubeApiServer({ name: 'prod-eu', controllerDelayMs: 10 });
    hub = await startTestHub({
      env: {
        RECONCILE_INTERVAL_SECONDS: '3600',
        // Operators may do everything, but no sync in the payments project: a deny beats the built-in allow.
        RBAC_POLICY_CSV: ['p, role:operator, applications, sync, payments/*, deny', 'p, role:operator, applicationsets, create, payments/*, deny'].join('\n'),
      },
    });
    admin = bearer(hub.adminToken);
    operator = bearer((await hub.http.post('/api/v1/tokens').set(admin).send({ name: 'ops', role: 'operator' }).expect(201)).body.token);
    await hub.http.post('/api/v1/projects').set(admin).set('Content-Type', 'application/yaml').send(fs.readFileSync(path.join(repo.dir, 'projects/platform.yaml'))).expect(201);
    await hub.http
      .post('/api/v1/projects')
      .set(admin)
      .send({ apiVersion: 'argoproj.io/v1alpha1', kind: 'AppProject', metadata: { name: 'payments' }, spec: { sourceRepos: ['*'], destinations: [{ server: '*', namespace: '*' }] } })
      .expect(201);
    await hub.http.post('/api/v1/clusters').set(admin).send(clusterBody({ name: 'prod-eu', server: cluster.server, credentials: { bearerToken: cluster.token }, tls: { caData: cluster.caData } })).expect(201);
    const platformApp = guide();
    const paymentsApp = guide();
    paymentsApp.metadata.name = 'payments-api';
    paymentsApp.spec.project = 'payments';
    // Its own objects (the staging overlay's namespace), so neither application claims the other's.
    paymentsApp.spec.source.path = 'apps/my-api/overlays/staging';
    paymentsApp.spec.destination.namespace = 'staging';
    for (const app of [platformApp, paymentsApp]) await hub.http.post('/api/v1/applications').set(admin).send(app).expect(201);
    await reconciled();
    const issued = await hub.http.post('/api/v1/projects/platform/roles/deployer/tokens').set(admin).send({ id: 'ci', expiresIn: '24h' }).expect(201);
    deployer = bearer(issued.body.token);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([hub?.close(), cluster?.stop()]);
    repo?.remove();
  });

  it('lists only its own project’s applications and history; another project’s answer 404 as if missing', async () => {
    expect(names((await hub.http.get('/api/v1/applications').set(deployer).expect(200)).body)).toEqual(['my-api-production']);
    expect(names((await hub.http.get('/api/v1/applications').set(admin).expect(200)).body).sort()).toEqual(['my-api-production', 'payments-api']);
    const hidden = await hub.http.get('/api/v1/applications/payments-api').set(deployer).expect(404);
    const missing = await hub.http.get('/api/v1/applications/no-such-app').set(deployer).expect(404);
    expect(hidden.body.message).toBe(missing.body.message.replace('no-such-app', 'payments-api'));
    await hub.http.get('/api/v1/applications/payments-api/history').set(deployer).expect(404);
    expect((await hub.http.get('/api/v1/applications/my-api-production/history').set(deployer).expect(200)).body.items.length).toBeGreaterThan(0);
    // Its own project it may read (as in Argo CD, every role may), not the other one.
    expect(names((await hub.http.get('/api/v1/projects').set(deployer).expect(200)).body)).toEqual(['platform']);
    await hub.http.get('/api/v1/projects/payments').set(deployer).expect(404);
    const fleet = (await hub.http.get('/api/v1/history').set(deployer).expect(200)).body.items as { application: string }[];
    expect(fleet.length).toBeGreaterThan(0);
    expect(new Set(fleet.map((run) => run.application))).toEqual(new Set(['my-api-production']));
  });

  it('syncs its own project’s application, and may not delete it or touch another project’s', async () => {
    const synced = await hub.http.post('/api/v1/applications/my-api-production/sync').set(deployer).send({}).expect(200);
    expect(synced.body, synced.body.message).toMatchObject({ phase: 'Succeeded' });
    const latest = (await hub.http.get('/api/v1/applications/my-api-production/history').set(admin).expect(200)).body.items[0];
    expect(latest).toMatchObject({ trigger: 'manual', triggeredBy: 'proj:platform:deployer/ci' });
    const deletion = await hub.http.delete('/api/v1/applications/my-api-production').set(deployer).expect(403);
    expect(deletion.body.message).toBe('permission denied: applications, delete, platform/my-api-production');
    await hub.http.post('/api/v1/applications/payments-api/sync').set(deployer).send({}).expect(404);
    await hub.http.get('/api/v1/applications/my-api-production').set(admin).expect(200);
  });

  it('cannot mint tokens, neither global ones nor more of its own role', async () => {
    await hub.http.post('/api/v1/tokens').set(deployer).send({ name: 'escalate', role: 'admin' }).expect(403);
    await hub.http.post('/api/v1/projects/platform/roles/deployer/tokens').set(deployer).send({ id: 'more' }).expect(403);
    await hub.http.get('/api/v1/tokens').set(deployer).expect(403);
    const tokens = (await hub.http.get('/api/v1/projects/platform/roles/deployer/tokens').set(admin).expect(200)).body.items as { id: string }[];
    expect(tokens.map((token) => token.id)).toEqual(['ci']);
  });

  it('lets a deny beat an allow: the hub-wide policy’s for operators, and a project role’s own', async () => {
    await hub.http.post('/api/v1/applications/my-api-production/sync').set(operator).send({}).expect(200);
    await hub.http.get('/api/v1/applications/payments-api').set(operator).expect(200);
    const denied = await hub.http.post('/api/v1/applications/payments-api/sync').set(operator).send({}).expect(403);
    expect(denied.body.message).toBe('permission denied: applications, sync, payments/payments-api');

    const platform = parse(fs.readFileSync(path.join(repo.dir, 'projects/platform.yaml'), 'utf8')) as { spec: { roles: { policies: string[] }[] } };
    platform.spec.roles[0].policies.push('p, proj:platform:deployer, applications, sync, platform/my-api-production, deny');
    await hub.http.put('/api/v1/projects/platform').set(admin).send(platform).expect(200);
    const frozen = await hub.http.post('/api/v1/applications/my-api-production/sync').set(deployer).send({}).expect(403);
    expect(frozen.body.message).toBe('permission denied: applications, sync, platform/my-api-production');
    await hub.http.get('/api/v1/applications/my-api-production').set(deployer).expect(200);
  });

  it('records every refusal in the audit log with the subject, and shows the role only its project’s entries', async () => {
    const refusals = (await refusalsOf('proj:platform:deployer/ci')).map((item) => `${item.status} ${item.method} ${item.path}`);
    expect(refusals).toEqual(
      expect.arrayContaining([
        '404 GET /api/v1/applications/payments-api',
        '404 GET /api/v1/applications/payments-api/history',
        '404 POST /api/v1/applications/payments-api/sync',
        '403 DELETE /api/v1/applications/my-api-production',
        '403 POST /api/v1/tokens',
        '403 GET /api/v1/tokens',
        '403 POST /api/v1/projects/platform/roles/deployer/tokens',
        '403 POST /api/v1/applications/my-api-production/sync',
      ]),
    );
    // A genuinely missing application is no refusal.
    expect(refusals).not.toContain('404 GET /api/v1/applications/no-such-app');
    expect((await refusalsOf('ops')).map((item) => `${item.status} ${item.method} ${item.path} ${item.role}`)).toEqual(['403 POST /api/v1/applications/payments-api/sync operator']);

    const seen = (await hub.http.get('/api/v1/audit?limit=500').set(deployer).expect(200)).body.items as AuditItem[];
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen.map((item) => item.project))).toEqual(new Set(['platform']));
  });
  it('lets only a caller allowed every project write a set whose project is templated (it may render to any)', async () => {
    const set = (project: string) => ({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'ApplicationSet',
      metadata: { name: 'any-project-fleet' },
      spec: {
        generators: [{ list: { elements: [] } }],
        template: { metadata: { name: '{{name}}' }, spec: { project, source: { repoURL: repo.url, path: 'apps' }, destination: { name: 'prod-eu', namespace: 'x' } } },
      },
    });
    // Denied payments/*, the operator could otherwise reach payments through '{{project}}'.
    const templated = await hub.http.post('/api/v1/applicationsets').set(operator).send(set('{{project}}')).expect(403);
    expect(templated.body.message).toBe('permission denied: applicationsets, create, {{project}}/any-project-fleet');
    await hub.http.post('/api/v1/applicationsets').set(operator).send(set('payments')).expect(403);
    // The admin inherits the operator's deny (role:admin includes role:operator), so it may not either.
    await hub.http.post('/api/v1/applicationsets').set(admin).send(set('{{project}}')).expect(403);
    await hub.http.post('/api/v1/applicationsets').set(operator).send(set('platform')).expect(201);
    await hub.http.delete('/api/v1/applicationsets/any-project-fleet').set(admin).expect(200);
  });
  it('shows an application’s history only from the projects the caller may see, when the name once belonged to another', async () => {
    // An earlier "my-api-production" of the payments project, long deleted, left a run behind.
    await hub.dataSource.query(
      `INSERT INTO sync_runs
       SELECT (jsonb_populate_record(NULL::sync_runs, to_jsonb(r) || jsonb_build_object('id', gen_random_uuid(), 'project', 'payments', 'message', 'the namesake of payments'))).*
         FROM sync_runs r WHERE application = 'my-api-production' ORDER BY started_at LIMIT 1`,
    );
    const history = async (auth: Record<string, string>) =>
      ((await hub.http.get('/api/v1/applications/my-api-production/history?limit=100').set(auth).expect(200)).body.items as { message: string | null }[]).map((run) => run.message);
    expect(await history(admin)).toContain('the namesake of payments');
    const seen = await history(deployer);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen).not.toContain('the namesake of payments');
  });
});
