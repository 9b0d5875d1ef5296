import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { call } from '../kube-api/http';
import { clusterBody } from '../support/builders';
import { createGitRepo, type GitTestRepo } from '../support/git-repo';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api';
import { bearer, startTestHub, type TestHub } from '../support/test-hub';

/**
 * spec.ignoreDifferences through the hub's API: refused field by field when it cannot be honoured (hand-written and
 * generated applications alike, nothing stored), and honoured by GET /api/v1/applications/:name/diff.
 */
describe('spec.ignoreDifferences over the API', () => {
  let hub: TestHub;
  let kube: KubeApiServer;
  let repo: GitTestRepo;
  let admin: Record<string, string>;

  const REPLICAS = [{ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] }];
  const BAD_JQ = [{ group: 'apps', kind: 'Deployment', jqPathExpressions: ['.spec.replicas', '.spec.template.spec.containers | map(.image)'] }];
  const application = (name: string, ignoreDifferences?: unknown) => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name },
    spec: { project: 'default', source: { repoURL: repo.url, path: 'app', targetRevision: 'main' }, destination: { name: 'target', namespace: name }, ...(ignoreDifferences !== undefined && { ignoreDifferences }) },
  });
  const names = async (): Promise<string[]> => ((await hub.http.get('/api/v1/applications').set(admin).expect(200)).body.items as { metadata: { name: string } }[]).map((item) => item.metadata.name);
  const diffOf = async (name: string) => {
    const response = await hub.http.get(`/api/v1/applications/${name}/diff`).set(admin);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body as { summary: Record<string, number>; resources: { name: string; state: string; diff?: string }[] };
  };
  /** Deploys the application by a manual sync, then scales its Deployment as a HorizontalPodAutoscaler would. */
  const syncThenAutoscale = async (name: string) => {
    expect((await hub.http.post(`/api/v1/applications/${name}/sync`).set(admin).send({}).expect(200)).body.phase).toBe('Succeeded');
    const scaled = await call(kube, `/apis/apps/v1/namespaces/${name}/deployments/web/scale?fieldManager=kube-controller-manager`, { method: 'PATCH', contentType: 'application/merge-patch+json', body: { spec: { replicas: 7 } } });
    expect(scaled.status, scaled.text).toBe(200);
  };

  beforeAll(async () => {
    repo = createGitRepo();
    const web = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:1' }] } } },
    };
    repo.commitFiles({ 'app/web.yaml': stringify(web) });
    [kube, hub] = await Promise.all([startKubeApiServer({ name: 'ignore', namespaces: ['scaled', 'unscaled'] }), startTestHub({ env: { RECONCILE_INTERVAL_SECONDS: '3600' } })]);
    admin = bearer(hub.adminToken);
    await hub.http.post('/api/v1/clusters').set(admin).send(clusterBody({ name: 'target', server: kube.server, credentials: { bearerToken: kube.token }, tls: { caData: kube.caData } })).expect(201);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([hub?.close(), kube?.stop()]);
    repo?.remove();
  });

  it('refuses a jq expression outside the supported subset with 400, naming the field and the reason, and stores nothing', async () => {
    const before = await names();
    const refused = await hub.http.post('/api/v1/applications').set(admin).send(application('refused', BAD_JQ));
    expect(refused.status, JSON.stringify(refused.body)).toBe(400);
    expect(refused.body.details).toEqual([{ field: 'spec.ignoreDifferences[0].jqPathExpressions[1]', reason: expect.stringContaining('unsupported jq at character 34: "map"') }]);
    expect(refused.body.message).toContain('spec.ignoreDifferences[0].jqPathExpressions[1]');
    expect(await names()).toEqual(before);

    await hub.http.post('/api/v1/applications').set(admin).send(application('kept', REPLICAS)).expect(201);
    const replaced = await hub.http.put('/api/v1/applications/kept').set(admin).send(application('kept', [{ group: 'apps', jsonPointers: ['spec/replicas'] }]));
    expect(replaced.status).toBe(400);
    expect(replaced.body.details).toEqual([{ field: 'spec.ignoreDifferences[0].kind', reason: expect.stringContaining('is required') }]);
    expect((await hub.http.get('/api/v1/applications/kept').set(admin).expect(200)).body.spec.ignoreDifferences).toEqual(REPLICAS);
    await hub.http.delete('/api/v1/applications/kept').set(admin).expect(200);
  });

  it('refuses __proto__ keys, the whole object and exponential jq with 400 naming the field; Object.prototype is untouched', async () => {
    const before = await names();
    const rows: { ignoreDifferences: unknown; field: string; reason: RegExp }[] = [
      { ignoreDifferences: [{ group: '*', kind: '*', jqPathExpressions: ['.__proto__.hasOwnProperty'] }], field: 'spec.ignoreDifferences[0].jqPathExpressions[0]', reason: /"__proto__", which is refused/ },
      { ignoreDifferences: [{ group: '*', kind: '*', jsonPointers: ['/spec/replicas', '/__proto__/hasOwnProperty'] }], field: 'spec.ignoreDifferences[0].jsonPointers[1]', reason: /"__proto__", which is refused/ },
      { ignoreDifferences: [{ group: '*', kind: '*', jqPathExpressions: ['select(.kind == "Deployment")'] }], field: 'spec.ignoreDifferences[0].jqPathExpressions[0]', reason: /selects the whole object/ },
      { ignoreDifferences: [{ group: '*', kind: '*', jqPathExpressions: [Array(255).fill('.,.').join('|')] }], field: 'spec.ignoreDifferences[0].jqPathExpressions[0]', reason: /too many alternatives/ },
    ];
    for (const [index, { ignoreDifferences, field, reason }] of rows.entries()) {
      const refused = await hub.http.post('/api/v1/applications').set(admin).send(application(`hostile-${index}`, ignoreDifferences));
      expect(refused.status, JSON.stringify(refused.body)).toBe(400);
      expect(refused.body.details).toEqual([{ field, reason: expect.stringMatching(reason) }]);
    }
    expect(await names()).toEqual(before);
    expect(Object.hasOwn(Object.prototype, 'hasOwnProperty')).toBe(true);
  });

  it('an ApplicationSet generating an invalid one gets an error condition for it; the valid ones are created', async () => {
    const set = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'ApplicationSet',
      metadata: { name: 'fleet' },
      spec: {
        generators: [{ list: { elements: [{ name: 'good', ignored: '.spec.replicas' }, { name: 'bad', ignored: '.spec | keys' }] } }],
        template: {
          metadata: { name: 'fleet-{{name}}' },
          spec: { ...application('x').spec, destination: { name: 'target', namespace: '{{name}}' }, ignoreDifferences: [{ group: 'apps', kind: 'Deployment', jqPathExpressions: ['{{ignored}}'] }] },
        },
      },
    };
    const created = await hub.http.post('/api/v1/applicationsets').set(admin).send(set);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.status.rejected).toEqual([{ name: 'fleet-bad', reason: expect.stringMatching(/^spec\.ignoreDifferences\[0\]\.jqPathExpressions\[0\]: unsupported jq at character 9: "keys"/) }]);
    expect(created.body.status.conditions).toContainEqual(expect.objectContaining({ type: 'ErrorOccurred', status: 'True', reason: 'ApplicationValidationError' }));
    expect((await names()).filter((name) => name.startsWith('fleet-'))).toEqual(['fleet-good']);
    await hub.http.delete('/api/v1/applicationsets/fleet').query({ cascade: 'true' }).set(admin).expect(200);
  });

  it('the diff leaves out /spec/replicas an autoscaler changed when the application ignores it, and shows it otherwise', async () => {
    await hub.http.post('/api/v1/applications').set(admin).send(application('scaled', REPLICAS)).expect(201);
    await hub.http.post('/api/v1/applications').set(admin).send(application('unscaled')).expect(201);
    await syncThenAutoscale('scaled');
    await syncThenAutoscale('unscaled');
    expect((await diffOf('scaled')).summary).toEqual({ added: 0, modified: 0, removed: 0, unchanged: 1 });
    const unscaled = await diffOf('unscaled');
    expect(unscaled.summary).toEqual({ added: 0, modified: 1, removed: 0, unchanged: 0 });
    expect(unscaled.resources[0].diff).toContain('-  replicas: 7\n+  replicas: 2\n');
  });

  it('a refresh finds the autoscaled application Synced when it ignores /spec/replicas, and OutOfSync otherwise', async () => {
    const statusAfterRefresh = async (name: string) => {
      await hub.http.post(`/api/v1/applications/${name}/refresh`).set(admin).send({}).expect(200);
      return (await hub.http.get(`/api/v1/applications/${name}`).set(admin).expect(200)).body.status as { sync: { status: string }; resources: { kind: string; status: string }[] };
    };
    // The previous case deployed and scaled both; the reconcile reads the live replicas (7) against Git's 2.
    const scaled = await statusAfterRefresh('scaled');
    expect(scaled.sync.status).toBe('Synced');
    expect(scaled.resources).toEqual([expect.objectContaining({ kind: 'Deployment', status: 'Synced' })]);
    const unscaled = await statusAfterRefresh('unscaled');
    expect(unscaled.sync.status).toBe('OutOfSync');
    expect(unscaled.resources).toEqual([expect.objectContaining({ kind: 'Deployment', status: 'OutOfSync' })]);
  });

  it('a stored spec.ignoreDifferences the API would now refuse answers the diff with 422 naming the field', async () => {
    await hub.http.post('/api/v1/applications').set(admin).send(application('legacy', REPLICAS)).expect(201);
    await hub.dataSource.query(`UPDATE applications SET manifest = jsonb_set(manifest, '{spec,ignoreDifferences}', $1::jsonb) WHERE name = 'legacy'`, [JSON.stringify(BAD_JQ)]);
    const response = await hub.http.get('/api/v1/applications/legacy/diff').set(admin);
    expect(response.status).toBe(422);
    expect(response.body.message).toMatch(/^Cannot compare "legacy": spec\.ignoreDifferences\[0\]\.jqPathExpressions\[1\]: unsupported jq/);
  });
});
