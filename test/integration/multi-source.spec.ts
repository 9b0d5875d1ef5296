import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ReconcileTriggers } from '../../src/reconcile/reconcile.triggers';
import { call } from '../kube-api/http';
import { clusterBody } from '../support/builders';
import { createGitRepo, type GitTestRepo } from '../support/git-repo';
import { requireHelm, settingsChart } from '../support/helm-chart';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api';
import { configMap } from '../support/render-fixtures';
import { bearer, startTestHub, type TestHub } from '../support/test-hub';

type Source = Record<string, unknown>;

describe('applications with multiple sources (Argo CD spec.sources) and Helm value files from a ref source', () => {
  let hub: TestHub;
  let cluster: KubeApiServer;
  /** The chart's repository. */
  let charts: GitTestRepo;
  /** The environment's repository: value files, and plain manifests of its own. */
  let config: GitTestRepo;
  /** A repository a source names as a ref that no value file uses. */
  let unused: GitTestRepo;
  let operator: Record<string, string>;

  const reconciled = () => hub.app.get(ReconcileTriggers).settled();
  const configMapIn = (name: string) => call(cluster, `/api/v1/namespaces/payments/configmaps/${name}`);
  const getApp = (name: string) => hub.http.get(`/api/v1/applications/${name}`).set(operator).expect(200);
  const chartSource = (valueFiles: string[]): Source => ({
    repoURL: charts.url,
    path: 'charts/settings',
    targetRevision: 'main',
    helm: { releaseName: 'billing', valueFiles, parameters: [{ name: 'size', value: 'xl' }] },
  });
  const application = (name: string, sources: Source[], automated = true) => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name },
    spec: {
      project: 'payments',
      sources,
      destination: { name: 'prod-eu', namespace: 'payments' },
      ...(automated ? { syncPolicy: { automated: { prune: true }, syncOptions: ['CreateNamespace=true'] } } : {}),
    },
  });
  const post = (body: object) => hub.http.post('/api/v1/applications').set(operator).send(body);

  beforeAll(async () => {
    const helm = await requireHelm();
    charts = createGitRepo();
    charts.commitFiles(settingsChart('charts/settings'), 'settings chart');
    config = createGitRepo();
    config.commitFiles({ 'envs/prod/values.yaml': 'greeting: hello from config\ntier: production\n', 'extra/notes.yaml': configMap('release-notes') }, 'prod values');
    unused = createGitRepo();
    unused.commitFiles({ 'stray.yaml': configMap('never-rendered') }, 'a manifest a ref-only source must not render');
    cluster = await startKubeApiServer({ name: 'multi-source' });
    hub = await startTestHub({ env: { RECONCILE_INTERVAL_SECONDS: '3600', HELM_PATH: helm } });
    const admin = bearer(hub.adminToken);
    operator = bearer((await hub.http.post('/api/v1/tokens').set(admin).send({ name: 'operator-token', role: 'operator' }).expect(201)).body.token as string);
    const project = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AppProject',
      metadata: { name: 'payments', namespace: 'argocd' },
      spec: { sourceRepos: [charts.url, config.url, unused.url], destinations: [{ server: '*', namespace: '*' }], clusterResourceWhitelist: [{ group: '*', kind: '*' }] },
    };
    await hub.http.post('/api/v1/projects').set(admin).set('Content-Type', 'application/yaml').send(stringify(project)).expect(201);
    await hub.http.post('/api/v1/clusters').set(admin).send(clusterBody({ name: 'prod-eu', server: cluster.server, credentials: { bearerToken: cluster.token }, tls: { caData: cluster.caData } })).expect(201);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([hub?.close(), cluster?.stop()]);
    for (const repo of [charts, config, unused]) repo?.remove();
  });

  it('syncs a chart with value files from a ref source, renders the ref source\'s own path, and reports one revision per source', async () => {
    const sources = [chartSource(['$config/envs/prod/values.yaml']), { repoURL: config.url, targetRevision: 'main', ref: 'config', path: 'extra' }, { repoURL: unused.url, ref: 'unused' }];
    await post(application('billing', sources)).expect(201);
    await reconciled();

    const settings = await configMapIn('billing-settings');
    expect(settings.status).toBe(200);
    expect((settings.json as { data: Record<string, string> }).data).toEqual({ greeting: 'hello from config', tier: 'production', color: 'grey', size: 'xl' });
    expect((await configMapIn('release-notes')).status).toBe(200);
    // The ref-only source lends nothing and renders nothing.
    expect((await configMapIn('never-rendered')).status).toBe(404);

    const revisions = [charts.head(), config.head(), unused.head()];
    const status = (await getApp('billing')).body.status;
    expect(status.sync).toEqual({ status: 'Synced', revision: charts.head(), revisions });
    expect(status.operationState).toMatchObject({ phase: 'Succeeded', trigger: 'automated', revision: charts.head(), revisions });
    const history = (await hub.http.get('/api/v1/applications/billing/history').set(operator).expect(200)).body.items;
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      repository: charts.url,
      path: 'charts/settings',
      revision: charts.head(),
      sources: [
        { repoURL: charts.url, path: 'charts/settings', revision: revisions[0] },
        { repoURL: config.url, path: 'extra', ref: 'config', revision: revisions[1] },
        { repoURL: unused.url, path: '', ref: 'unused', revision: revisions[2] },
      ],
    });
  });

  it('syncs again when only the values repository moves', async () => {
    const pushed = config.commitFiles({ 'envs/prod/values.yaml': 'greeting: hello again\ntier: production\n' }, 'new greeting');
    const status = (await hub.http.post('/api/v1/applications/billing/refresh').set(operator).expect(200)).body;
    expect(status.sync.revisions).toEqual([charts.head(), pushed, unused.head()]);
    expect(status.operationState).toMatchObject({ phase: 'Succeeded', trigger: 'automated', revisions: [charts.head(), pushed, unused.head()] });
    expect(((await configMapIn('billing-settings')).json as { data: Record<string, string> }).data.greeting).toBe('hello again');
    const history = (await hub.http.get('/api/v1/applications/billing/history').set(operator).expect(200)).body.items;
    expect(history.map((run: { sources: { revision: string }[] }) => run.sources[1].revision)).toEqual([pushed, history[1].sources[1].revision]);
  });

  it('refuses a manual sync to one revision: each source syncs at its own targetRevision', async () => {
    const refused = await hub.http.post('/api/v1/applications/billing/sync').set(operator).send({ revision: charts.head() }).expect(400);
    expect(refused.body.details).toEqual([{ field: 'revision', reason: expect.stringContaining('spec.sources') }]);
  });

  it('refuses bad sources field by field, storing nothing', async () => {
    const valuesRef = { repoURL: config.url, ref: 'config' };
    const cases: { name: string; sources: Source[]; status: number; field: string; reason: RegExp }[] = [
      { name: 'missing-ref', sources: [chartSource(['$values/envs/prod/values.yaml']), valuesRef], status: 400, field: 'spec.sources[0].helm.valueFiles[0]', reason: /"\$values", which is not one of the refs of this application \(\$config\)/ },
      { name: 'no-refs', sources: [chartSource(['$config/envs/prod/values.yaml'])], status: 400, field: 'spec.sources[0].helm.valueFiles[0]', reason: /no source has a ref/ },
      { name: 'traversal', sources: [chartSource(['$config/../../etc/passwd']), valuesRef], status: 400, field: 'spec.sources[0].helm.valueFiles[0]', reason: /inside the repository of "\$config"/ },
      { name: 'duplicate-ref', sources: [chartSource([]), valuesRef, { ...valuesRef }], status: 400, field: 'spec.sources[2].ref', reason: /another source has the same ref/ },
      { name: 'bad-ref', sources: [chartSource([]), { ...valuesRef, ref: 'con fig' }], status: 400, field: 'spec.sources[1].ref', reason: /letters, digits/ },
      { name: 'nothing-to-do', sources: [chartSource([]), { repoURL: config.url }], status: 400, field: 'spec.sources[1].path', reason: /needs a path to render or a ref/ },
      { name: 'not-permitted', sources: [chartSource([]), { repoURL: '/nowhere/else.git', ref: 'config' }], status: 422, field: 'spec.sources[1].repoURL', reason: /does not permit source repository/ },
    ];
    for (const { name, sources, status, field, reason } of cases) {
      const answer = await post(application(name, sources, false));
      expect({ name, status: answer.status }).toEqual({ name, status });
      expect(answer.body.details).toEqual([{ field, reason: expect.stringMatching(reason) }]);
      await hub.http.get(`/api/v1/applications/${name}`).set(operator).expect(404);
    }
  });
  it('applies the later source\'s copy of an object two sources render, and warns', async () => {
    const shared = (owner: string) => `${configMap('shared')}data:\n  owner: ${owner}\n`;
    charts.commitFiles({ 'plain/shared.yaml': shared('charts') }, 'shared from charts');
    config.commitFiles({ 'plain/shared.yaml': shared('config') }, 'shared from config');
    const sources = [{ repoURL: charts.url, path: 'plain' }, { repoURL: config.url, path: 'plain' }];
    await post(application('shared', sources)).expect(201);
    await reconciled();
    expect(((await configMapIn('shared')).json as { data: Record<string, string> }).data).toEqual({ owner: 'config' });
    const status = (await getApp('shared')).body.status;
    expect(status.sync.status).toBe('Synced');
    expect(status.conditions).toEqual([expect.objectContaining({ type: 'RepeatedResourceWarning', message: expect.stringContaining('/ConfigMap/payments/shared') })]);
  });
});
