import { X509Certificate } from 'node:crypto';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { ApplicationSetReconciler } from '../../src/applicationsets/application-set.reconciler';
import { asStoredInJsonb } from '../../src/applicationsets/stored-manifest';
import { ApplicationSetsService } from '../../src/applicationsets/application-sets.service';
import { ExpansionTriggers } from '../../src/applicationsets/expansion.triggers';
import { FakeClock } from '../../src/clock/fake-clock';
import { clusterBody } from '../support/builders';
import { exampleManifest, exampleText } from '../support/example-fleet';
import { bearer, startTestHub, type TestHub } from '../support/test-hub';

const REWRITE = { repoURL: 'file:///srv/git/k8s-deployments.git', stagingServer: 'https://127.0.0.1:31001' };

interface AppView {
  metadata: { name: string; labels?: Record<string, string>; deletionTimestamp?: string };
  spec: { project: string; destination: { server: string; namespace: string }; source: { path: string; repoURL: string } };
  status: { applicationSet: string | null; orphaned: boolean; cluster: string };
}

describe('ApplicationSets, projects and applications over HTTP', () => {
  // Re-expansion after a registry change is debounced on the hub's clock; the tests move it rather than wait.
  const clock = new FakeClock();
  let hub: TestHub;
  let auth: Record<string, string>;

  beforeAll(async () => {
    hub = await startTestHub({ env: { IN_CLUSTER: 'true' }, clock });
    auth = bearer(hub.adminToken);
    await hub.http.post('/api/v1/projects').set(auth).set('Content-Type', 'application/yaml').send(exampleText('projects/platform.yaml', REWRITE)).expect(201);
    const fleet = [
      { name: 'staging-eu', server: REWRITE.stagingServer, labels: { env: 'staging', region: 'eu' } },
      { name: 'prod-eu', server: 'https://127.0.0.1:31002', labels: { env: 'production', region: 'eu' } },
      { name: 'prod-us', server: 'https://127.0.0.1:31003', labels: { env: 'production', region: 'us' } },
      { name: 'dev-1', server: 'https://127.0.0.1:31004', labels: { env: 'dev' } },
    ];
    for (const cluster of fleet) await hub.http.post('/api/v1/clusters').set(auth).send(clusterBody(cluster)).expect(201);
  });

  afterAll(async () => {
    await hub.close();
  });

  const apps = async (applicationSet: string): Promise<AppView[]> =>
    (await hub.http.get('/api/v1/applications').query({ applicationSet }).set(auth).expect(200)).body.items;
  // Applications a set dropped may still be listed, marked as being deleted (the resources finalizer), until the
  // shard's owner has removed their cluster objects: those are not the set's any more.
  const liveApps = async (applicationSet: string): Promise<AppView[]> => (await apps(applicationSet)).filter((app) => app.metadata.deletionTimestamp === undefined);
  // The change scheduled a debounced re-expansion: fire it, then wait for the pass it started.
  const waitForExpansion = async () => {
    await clock.advanceToNext('applicationset-expansion');
    await hub.app.get(ExpansionTriggers).settled();
  };

  describe('projects', () => {
    it('has the built-in default project, which cannot be deleted', async () => {
      const project = await hub.http.get('/api/v1/projects/default').set(auth).expect(200);
      expect(project.body.spec.sourceRepos).toEqual(['*']);
      await hub.http.delete('/api/v1/projects/default').set(auth).expect(409);
    });

    it('stores the seed AppProject and returns it as YAML on request', async () => {
      const response = await hub.http.get('/api/v1/projects/platform').set(auth).set('Accept', 'application/yaml').expect(200);
      expect(response.headers['content-type']).toContain('application/yaml');
      expect(parse(response.text)).toMatchObject({ kind: 'AppProject', metadata: { name: 'platform' }, spec: { sourceRepos: [REWRITE.repoURL] } });
    });

    it.each([
      { name: 'a wrong kind', body: { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'p' }, spec: {} }, field: 'kind' },
      { name: 'a bad name', body: { apiVersion: 'argoproj.io/v1alpha1', kind: 'AppProject', metadata: { name: 'Bad_Name' }, spec: {} }, field: 'metadata.name' },
      { name: 'a destination of the wrong type', body: { apiVersion: 'argoproj.io/v1alpha1', kind: 'AppProject', metadata: { name: 'p' }, spec: { destinations: 'all' } }, field: 'spec.destinations' },
    ])('rejects a project with $name', async ({ body, field }) => {
      const response = await hub.http.post('/api/v1/projects').set(auth).send(body).expect(400);
      expect(response.body.details.map((d: { field: string }) => d.field)).toContain(field);
      await hub.http.get('/api/v1/projects/p').set(auth).expect(404);
    });

    it('replaces a project with PUT, and refuses a name mismatch', async () => {
      const body = { apiVersion: 'argoproj.io/v1alpha1', kind: 'AppProject', metadata: { name: 'scratch' }, spec: { description: 'one', sourceRepos: ['*'] } };
      await hub.http.put('/api/v1/projects/scratch').set(auth).send(body).expect(200);
      const replaced = await hub.http.put('/api/v1/projects/scratch').set(auth).send({ ...body, spec: { description: 'two' } }).expect(200);
      expect(replaced.body.spec).toEqual({ description: 'two' });
      await hub.http.put('/api/v1/projects/other').set(auth).send(body).expect(400);
      await hub.http.delete('/api/v1/projects/scratch').set(auth).expect(204);
    });
  });

  describe('the seed cluster-generator set', () => {
    beforeAll(async () => {
      const response = await hub.http
        .post('/api/v1/applicationsets')
        .set(auth)
        .set('Content-Type', 'application/yaml')
        .send(exampleText('applicationsets/my-api-clusters.yaml', REWRITE))
        .expect(201);
      expect(response.body.status).toMatchObject({ desired: 3, rejected: [], pendingDeletion: [] });
    });

    it('expands into one Application per selected cluster, in Argo CD shape', async () => {
      const generated = await apps('my-api-fleet');
      expect(generated.map((app) => app.metadata.name)).toEqual(['my-api-prod-eu', 'my-api-prod-us', 'my-api-staging-eu']);
      const staging = generated.find((app) => app.metadata.name === 'my-api-staging-eu')!;
      expect(staging).toMatchObject({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: { labels: { env: 'staging' } },
        spec: {
          project: 'platform',
          source: { repoURL: REWRITE.repoURL, targetRevision: 'main', path: 'apps/my-api/overlays/staging' },
          destination: { server: REWRITE.stagingServer, namespace: 'staging' },
          syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=true'] },
        },
        status: { applicationSet: 'my-api-fleet', orphaned: false, cluster: 'staging-eu', sync: { status: 'Unknown' }, health: { status: 'Unknown' } },
      });
    });

    it('returns the manifest as stored plus status, in YAML when asked', async () => {
      const response = await hub.http.get('/api/v1/applicationsets/my-api-fleet').set(auth).set('Accept', 'application/yaml').expect(200);
      const body = parse(response.text);
      expect(body).toMatchObject(exampleManifest('applicationsets/my-api-clusters.yaml', REWRITE));
      expect(body.status.conditions).toEqual(
        expect.arrayContaining([expect.objectContaining({ type: 'ErrorOccurred', status: 'False', lastTransitionTime: expect.any(String) })]),
      );
    });

    it('filters applications by cluster, project and label selector, with pagination', async () => {
      const byCluster = await hub.http.get('/api/v1/applications').query({ cluster: 'prod-us' }).set(auth).expect(200);
      expect(byCluster.body.items.map((a: AppView) => a.metadata.name)).toEqual(['my-api-prod-us']);
      const bySelector = await hub.http.get('/api/v1/applications').query({ selector: 'env=production', project: 'platform' }).set(auth).expect(200);
      expect(bySelector.body.items).toHaveLength(2);
      const page = await hub.http.get('/api/v1/applications').query({ applicationSet: 'my-api-fleet', limit: 2 }).set(auth).expect(200);
      expect(page.body.items).toHaveLength(2);
      const rest = await hub.http.get('/api/v1/applications').query({ applicationSet: 'my-api-fleet', cursor: page.body.nextCursor }).set(auth).expect(200);
      expect(rest.body.items.map((a: AppView) => a.metadata.name)).toEqual(['my-api-staging-eu']);
      const one = await hub.http.get('/api/v1/applications/my-api-prod-us').set(auth).expect(200);
      expect(one.body.metadata.ownerReferences).toEqual([{ apiVersion: 'argoproj.io/v1alpha1', kind: 'ApplicationSet', name: 'my-api-fleet' }]);
    });

    it('re-expands promptly when a matching cluster is registered, and when one is relabelled away', async () => {
      await hub.http.post('/api/v1/clusters').set(auth).send(clusterBody({ name: 'staging-us', server: 'https://127.0.0.1:31005', labels: { env: 'staging' } })).expect(201);
      await waitForExpansion();
      expect((await apps('my-api-fleet')).map((a) => a.metadata.name)).toContain('my-api-staging-us');
      await hub.http.patch('/api/v1/clusters/staging-us').set(auth).send({ labels: { env: 'dev' } }).expect(200);
      await waitForExpansion();
      expect((await liveApps('my-api-fleet')).map((a) => a.metadata.name)).not.toContain('my-api-staging-us');
    });

    it('re-expands only the sets a registered cluster can concern', async () => {
      // What each cluster change's debounced pass decided to re-expand. Counting expansions instead would also count
      // those with other causes that land meanwhile on a slow machine (a dropped application's deletion ending).
      const decided: string[][] = [];
      const service = hub.app.get(ApplicationSetsService);
      const concernedBy = service.setsConcernedBy.bind(service);
      const spy = vi.spyOn(service, 'setsConcernedBy').mockImplementation(async (changes) => {
        const names = await concernedBy(changes);
        decided.push(names);
        return names;
      });
      onTestFinished(() => spy.mockRestore());
      const sets = (await hub.http.get('/api/v1/applicationsets').set(auth).expect(200)).body.items.map((set: { metadata: { name: string } }) => set.metadata.name);
      expect(sets).toContain('my-api-fleet');
      // No set selects `env: qa`, and no destination names the cluster: nothing is re-expanded.
      await hub.http.post('/api/v1/clusters').set(auth).send(clusterBody({ name: 'qa-1', server: 'https://127.0.0.1:31006', labels: { env: 'qa' } })).expect(201);
      await waitForExpansion();
      expect(decided).toEqual([[]]);
      // Relabelled into my-api-fleet's selector: that set alone is re-expanded and generates for it.
      await hub.http.patch('/api/v1/clusters/qa-1').set(auth).send({ labels: { env: 'staging' } }).expect(200);
      await waitForExpansion();
      expect(decided).toEqual([[], ['my-api-fleet']]);
      expect((await apps('my-api-fleet')).map((a) => a.metadata.name)).toContain('my-api-qa-1');
      await hub.http.delete('/api/v1/clusters/qa-1').set(auth).expect(204);
      await waitForExpansion();
      expect(decided).toEqual([[], ['my-api-fleet'], ['my-api-fleet']]);
      expect((await liveApps('my-api-fleet')).map((a) => a.metadata.name)).not.toContain('my-api-qa-1');
    });

    it('writes nothing when a re-expansion changes nothing', async () => {
      // The columns an expansion owns (the applications' status and updated_at are also the reconcile worker's, which
      // keeps retrying the unreachable clusters here), and the set's own row.
      const expansionState = async () =>
        (await hub.dataSource.query(
          `SELECT (SELECT json_agg(json_build_array(name, fingerprint, manifest, labels, project, cluster) ORDER BY name)
                     FROM applications WHERE application_set = 'my-api-fleet')::text AS apps,
                  (SELECT updated_at FROM application_sets WHERE name = 'my-api-fleet')::text AS set`,
        ))[0] as { apps: string; set: string };
      const passes = vi.spyOn(hub.app.get(ApplicationSetReconciler), 'reconcile');
      onTestFinished(() => passes.mockRestore());
      const before = await expansionState();
      // A cluster the set selects, so the change does re-expand it.
      await hub.http.patch('/api/v1/clusters/prod-eu').set(auth).send({ annotations: { touched: 'yes' } }).expect(200);
      await waitForExpansion();
      expect(await expansionState()).toEqual(before);
      const outcomes = await Promise.all(passes.mock.results.map((result) => result.value as ReturnType<ApplicationSetReconciler['reconcile']>));
      expect(outcomes.filter((outcome) => outcome !== undefined).map((outcome) => outcome.writes)).toEqual(expect.arrayContaining([0]));
      expect(outcomes.reduce((sum, outcome) => sum + (outcome?.writes ?? 0), 0)).toBe(0);
    });
  });

  describe('the seed list-generator set with the in-cluster destination', () => {
    it('expands both elements; production lands on in-cluster', async () => {
      await hub.http.post('/api/v1/applicationsets').set(auth).send(exampleManifest('applicationsets/my-api-list.yaml', REWRITE)).expect(201);
      const generated = await apps('my-api');
      expect(generated.map((a) => [a.metadata.name, a.status.cluster])).toEqual([
        ['my-api-production', 'in-cluster'],
        ['my-api-staging', 'staging-eu'],
      ]);
    });
  });

  describe('safety', () => {
    const listSet = (name: string, elements: { c: string; url: string }[], extra: Record<string, unknown> = {}) => ({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'ApplicationSet',
      metadata: { name },
      spec: {
        generators: [{ list: { elements } }],
        template: {
          metadata: { name: `${name}-{{c}}` },
          spec: { project: 'default', source: { repoURL: REWRITE.repoURL, path: 'apps/{{c}}' }, destination: { server: '{{url}}', namespace: 'x' } },
        },
        ...extra,
      },
    });
    const four = ['staging-eu', 'prod-eu', 'prod-us', 'dev-1'].map((c, i) => ({ c, url: i === 0 ? REWRITE.stagingServer : `https://127.0.0.1:3100${i + 1}` }));

    it('caps deletions at the budget and deletes the rest only after approval', async () => {
      await hub.http.post('/api/v1/applicationsets').set(auth).send(listSet('budget', four)).expect(201);
      expect(await apps('budget')).toHaveLength(4);
      const shrunk = await hub.http.put('/api/v1/applicationsets/budget').set(auth).send(listSet('budget', four.slice(0, 1))).expect(200);
      expect(shrunk.body.status.pendingDeletion.map((p: { name: string }) => p.name)).toEqual(['budget-prod-eu', 'budget-prod-us']);
      expect(shrunk.body.status.conditions).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'DeletionPending', status: 'True' })]));
      expect(await liveApps('budget')).toHaveLength(3);
      // Later expansions keep holding them: a fresh budget per pass would drain the set without approval.
      const again = await hub.http.post('/api/v1/applicationsets/budget/refresh').set(auth).expect(200);
      expect(again.body.status.pendingDeletion.map((p: { name: string }) => p.name)).toEqual(['budget-prod-eu', 'budget-prod-us']);
      expect(await liveApps('budget')).toHaveLength(3);
      const approved = await hub.http.post('/api/v1/applicationsets/budget/approve-deletions').set(auth).expect(200);
      expect(approved.body.status.pendingDeletion).toEqual([]);
      expect((await liveApps('budget')).map((a) => a.metadata.name)).toEqual(['budget-staging-eu']);
    });

    it('writes what its stored manifest expands to: the next pass finds every application unchanged, after PUT too', async () => {
      // Keys in the order people write them, which is not jsonb's: shorter keys first, in UTF-8 bytes ('ü-note' has
      // seven, so it comes after 'comment'), then by their bytes.
      const body = listSet('as-written', four.slice(0, 2).map((element) => ({ ...element, 'ü-note': 'ß', comment: 'x', a: '1' })));
      const labels: Record<string, string> = { 'team.example.com/owner': 'web', env: '{{c}}' };
      Object.assign(body.spec.template.metadata, { labels });
      await hub.http.post('/api/v1/applicationsets').set(auth).send(body).expect(201);
      // The form create expands (asStoredInJsonb) is the stored one, key order included.
      const [stored]: { manifest: unknown }[] = await hub.dataSource.query(`SELECT manifest FROM application_sets WHERE name = 'as-written'`);
      expect(JSON.stringify(stored.manifest)).toBe(JSON.stringify(asStoredInJsonb(body)));
      const reconciler = hub.app.get(ApplicationSetReconciler);
      expect((await reconciler.reconcile('as-written'))?.writes).toBe(0);
      labels['team.example.com/owner'] = 'api';
      await hub.http.put('/api/v1/applicationsets/as-written').set(auth).send(body).expect(200);
      expect((await reconciler.reconcile('as-written'))?.writes).toBe(0);
      expect((await apps('as-written')).map((a) => a.metadata.labels)).toEqual([
        { 'team.example.com/owner': 'api', env: 'prod-eu' },
        { 'team.example.com/owner': 'api', env: 'staging-eu' },
      ]);
    });

    it('changes nothing when the generator fails, and says why', async () => {
      await hub.http.post('/api/v1/applicationsets').set(auth).send(listSet('fails', four.slice(0, 2))).expect(201);
      const broken = listSet('fails', [], {});
      (broken.spec.generators[0].list as Record<string, unknown>).elementsYaml = '- c: [unclosed';
      const response = await hub.http.put('/api/v1/applicationsets/fails').set(auth).send(broken).expect(200);
      expect(response.body.status.conditions).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'ErrorOccurred', status: 'True' })]));
      expect(await apps('fails')).toHaveLength(2);
    });

    it('rejects a name another set already owns, in both sets, without overwriting it', async () => {
      await hub.http.post('/api/v1/applicationsets').set(auth).send(listSet('owner', four.slice(0, 1))).expect(201);
      const intruder = listSet('intruder', four.slice(0, 2));
      intruder.spec.template.metadata.name = 'owner-{{c}}';
      const response = await hub.http.post('/api/v1/applicationsets').set(auth).send(intruder).expect(201);
      expect(response.body.status.rejected).toEqual([{ name: 'owner-staging-eu', reason: expect.stringContaining('belongs to ApplicationSet "owner"') }]);
      const held = await hub.http.get('/api/v1/applications/owner-staging-eu').set(auth).expect(200);
      expect(held.body.status.applicationSet).toBe('owner');
      expect((await apps('intruder')).map((a) => a.metadata.name)).toEqual(['owner-prod-eu']);
    });

    it('orphans applications on delete by default, previews a cascade, and cascades on request', async () => {
      await hub.http.post('/api/v1/applicationsets').set(auth).send(listSet('orphans', four.slice(0, 2))).expect(201);
      const plan = await hub.http.delete('/api/v1/applicationsets/orphans').query({ cascade: 'true', dryRun: 'true' }).set(auth).expect(200);
      expect(plan.body).toEqual({ applicationSet: 'orphans', dryRun: true, deleted: ['orphans-prod-eu', 'orphans-staging-eu'], orphaned: [] });
      const orphaned = await hub.http.delete('/api/v1/applicationsets/orphans').set(auth).expect(200);
      expect(orphaned.body.orphaned).toHaveLength(2);
      const kept = await hub.http.get('/api/v1/applications/orphans-prod-eu').set(auth).expect(200);
      expect(kept.body.status).toMatchObject({ orphaned: true, applicationSet: 'orphans' });
      // A set of the same name adopts its orphans back.
      await hub.http.post('/api/v1/applicationsets').set(auth).send(listSet('orphans', four.slice(0, 2))).expect(201);
      expect((await hub.http.get('/api/v1/applications/orphans-prod-eu').set(auth).expect(200)).body.status.orphaned).toBe(false);
      const cascaded = await hub.http.delete('/api/v1/applicationsets/orphans').query({ cascade: 'true' }).set(auth).expect(200);
      expect(cascaded.body.deleted).toHaveLength(2);
      // With the resources finalizer the cluster objects go first. This application never synced (its clusters are
      // unreachable) and tracks no objects, so the shard's owner may already have finished deleting it; until then it
      // is marked as being deleted (Argo CD's deletionTimestamp). set-cascade-deletion.spec.ts follows both steps.
      const after = await hub.http.get('/api/v1/applications/orphans-prod-eu').set(auth);
      if (after.status === 200) {
        expect(after.body.metadata.deletionTimestamp).toEqual(expect.any(String));
        expect(after.body.metadata.finalizers).toEqual(['resources-finalizer.argocd.argoproj.io']);
      } else {
        expect(after.status).toBe(404);
      }
    });
  });

  describe('preview', () => {
    it('shows create, update with field diffs, and delete for an existing set, and writes nothing', async () => {
      const manifest = exampleManifest('applicationsets/my-api-clusters.yaml', REWRITE) as { spec: { generators: { clusters: { selector: unknown } }[]; template: { spec: { source: { targetRevision: string } } } } };
      manifest.spec.template.spec.source.targetRevision = 'v2';
      manifest.spec.generators[0].clusters.selector = { matchLabels: { env: 'production' } };
      const response = await hub.http.post('/api/v1/applicationsets/preview').set(auth).send(manifest).expect(200);
      expect(response.body.exists).toBe(true);
      expect(response.body.summary).toMatchObject({ create: 0, update: 2, delete: 1 });
      const update = response.body.applications.find((a: { action: string }) => a.action === 'update');
      expect(update.changes).toEqual([{ path: 'spec.source.targetRevision', from: 'main', to: 'v2' }]);
      expect(response.body.applications.find((a: { action: string }) => a.action === 'delete').name).toBe('my-api-staging-eu');
      expect((await apps('my-api-fleet')).map((a) => a.spec.source.path)).toContain('apps/my-api/overlays/staging');
    });

    it.each([
      { name: 'goTemplate', patch: { goTemplate: true }, code: 'Unprocessable', status: 422 },
      { name: 'an unsupported generator', patch: { generators: [{ git: { repoURL: 'file:///x', revision: 'HEAD' } }] }, code: 'Unprocessable', status: 422 },
      { name: 'a template error', patch: { templatePatch: '{{' }, code: 'Unprocessable', status: 422 },
    ])('answers 422 for $name', async ({ patch, code, status }) => {
      const manifest = exampleManifest('applicationsets/my-api-list.yaml', REWRITE) as { spec: Record<string, unknown> };
      Object.assign(manifest.spec, patch);
      const response = await hub.http.post('/api/v1/applicationsets/preview').set(auth).send(manifest).expect(status);
      expect(response.body.code).toBe(code);
      expect(response.body.message.length).toBeGreaterThan(5);
    });

    it('expands a goTemplate set with time and certificate functions', async () => {
      const manifest = exampleManifest('applicationsets/my-api-list.yaml', REWRITE) as {
        metadata: { name: string };
        spec: { goTemplate?: boolean; template: { metadata: Record<string, unknown>; spec: { source: { path: string }; destination: { server: string; namespace: string } } } };
      };
      manifest.metadata.name = 'go-functions';
      manifest.spec.goTemplate = true;
      manifest.spec.template.metadata = {
        name: 'go-fn-{{ .cluster }}',
        annotations: { 'flotilla.test/year': '{{ now | date "2006" }}', 'flotilla.test/ca': '{{ (genCA "go-fn-ca" 365).Cert }}' },
      };
      manifest.spec.template.spec.source.path = 'apps/my-api/overlays/{{ .cluster }}';
      manifest.spec.template.spec.destination = { server: '{{ .url }}', namespace: '{{ .cluster }}' };
      // The renderer reads the system clock (not the hub's fake one), so the year is the real one.
      const yearBefore = String(new Date().getUTCFullYear());
      const response = await hub.http.post('/api/v1/applicationsets/preview').set(auth).send(manifest).expect(200);
      const yearAfter = String(new Date().getUTCFullYear());
      expect(response.body.exists).toBe(false);
      expect(response.body.summary).toMatchObject({ create: 2, update: 0, delete: 0 });
      const applications = response.body.applications as Array<{ name: string; application: { metadata: { annotations: Record<string, string> } } }>;
      expect(applications.map((entry) => entry.name).sort()).toEqual(['go-fn-production', 'go-fn-staging']);
      for (const { application } of applications) {
        expect([yearBefore, yearAfter]).toContain(application.metadata.annotations['flotilla.test/year']);
        const ca = new X509Certificate(application.metadata.annotations['flotilla.test/ca']);
        expect(ca.subject).toBe('CN=go-fn-ca');
        expect(ca.ca).toBe(true);
        expect(ca.verify(ca.publicKey)).toBe(true);
        expect(Date.parse(ca.validTo) - Date.parse(ca.validFrom)).toBe(365 * 24 * 3600 * 1000);
      }
      await hub.http.get('/api/v1/applicationsets/go-functions').set(auth).expect(404);
    });

    it('answers 422 with the engine\'s step error for a goTemplate set that generates keys in a loop (never a 500)', async () => {
      const manifest = exampleManifest('applicationsets/my-api-list.yaml', REWRITE) as {
        metadata: { name: string };
        spec: { goTemplate?: boolean; template: { metadata: Record<string, unknown>; spec: { source: { path: string }; destination: { server: string; namespace: string } } } };
      };
      manifest.metadata.name = 'go-keys';
      manifest.spec.goTemplate = true;
      manifest.spec.template.metadata = { name: 'go-keys-{{ .cluster }}', annotations: { keys: '{{ range until 100000 }}{{ $k := genPrivateKey "ed25519" }}{{ end }}' } };
      manifest.spec.template.spec.source.path = 'apps/my-api/overlays/{{ .cluster }}';
      manifest.spec.template.spec.destination = { server: '{{ .url }}', namespace: '{{ .cluster }}' };
      const response = await hub.http.post('/api/v1/applicationsets/preview').set(auth).send(manifest).expect(422);
      expect(response.body.code).toBe('Unprocessable');
      expect(response.body.message).toContain('at <genPrivateKey "ed255...>: execution exceeded 10000000 steps');
    });

    it('refuses to store sets with unsupported generators (422) and malformed manifests (400), persisting nothing', async () => {
      const go = exampleManifest('applicationsets/my-api-list.yaml', REWRITE) as { metadata: { name: string }; spec: Record<string, unknown> };
      go.metadata.name = 'go';
      go.spec.goTemplate = true;
      go.spec.generators = [{ scmProvider: { awsCodeCommit: { region: 'us-east-1' } } }];
      const refused = await hub.http.post('/api/v1/applicationsets').set(auth).send(go).expect(422);
      expect(refused.body.details).toEqual([{ field: 'spec.generators[0].scmProvider.awsCodeCommit', reason: expect.stringMatching(/not supported/) }]);
      const bad = await hub.http.post('/api/v1/applicationsets').set(auth).send({ apiVersion: 'argoproj.io/v1alpha1', kind: 'ApplicationSet', metadata: { name: 'bad' }, spec: {} }).expect(400);
      expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['spec.generators']));
      await hub.http.get('/api/v1/applicationsets/go').set(auth).expect(404);
      await hub.http.get('/api/v1/applicationsets/bad').set(auth).expect(404);
    });
  });
});
