import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { parse, stringify } from 'yaml';
import { FakeClock } from '../../src/clock/fake-clock';
import { APP_CONFIG, type AppConfig } from '../../src/config/app-config';
import { GitMirrors } from '../../src/git';
import { ReconcileTriggers } from '../../src/reconcile/reconcile.triggers';
import { RenderCache } from '../../src/rendering';
import { defaultKustomizeCandidates, findKustomize } from '../../src/render-tools/kustomize-binary';
import { at, call } from '../kube-api/http';
import { clusterBody } from '../support/builders';
import { createGitRepo, type GitTestRepo } from '../support/git-repo';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api';
import { fakeTool } from '../support/render-fixtures';
import { bearer, startTestHub, type TestHub } from '../support/test-hub';
import { EXAMPLE_APPS, EXAMPLE_CLUSTERS } from '../support/example-fleet';

const CLUSTERS = EXAMPLE_CLUSTERS;
const APPS = EXAMPLE_APPS;
// The bound for "at once", with room for a test machine busy with the rest of the suite (there the first mirror fetch
// and kustomize run take most of it; 4–11 s measured at load 10+). No periodic pass runs: the hub's clock moves
// only a second per test.
const SECONDS_NOT_A_PASS = 20;

/** Polls `probe` until it returns a value or the deadline passes (no fixed sleeps: it ends as soon as it can). */
async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Changes take effect now: a commit is seen by the refresh or sync that follows it, a hard refresh renders again,
 * and a new ApplicationSet's applications are reconciled at once — all with the default intervals.
 */
describe('changes take effect now, not at the next pass', () => {
  let hub: TestHub;
  let repo: GitTestRepo;
  let clusters: Record<string, KubeApiServer>;
  let toolDir: string;
  let auth: Record<string, string>;
  const clock = new FakeClock();

  // The kustomize in use, wrapped to add a ConfigMap carrying the text of a file outside Git: output that
  // changes without a commit, as a remote base or a new kustomize release would, so only a hard refresh sees it.
  const stampFile = () => path.join(toolDir, 'stamp');
  const stampInCluster = async (cluster: string) => at((await call(clusters[cluster], `/api/v1/namespaces/${envOf(cluster)}/configmaps/render-stamp`)).json, 'data.stamp');
  const envOf = (cluster: string) => CLUSTERS.find((c) => c.name === cluster)!.env;
  const replicasIn = async (cluster: string) => at((await call(clusters[cluster], `/apis/apps/v1/namespaces/${envOf(cluster)}/deployments/my-api`)).json, 'spec.replicas');
  const setReplicas = (env: string, replicas: number) =>
    repo.commit(`${env}: ${replicas} replicas`, (dir) => {
      const file = path.join(dir, `apps/my-api/overlays/${env}/patch-replicas.yaml`);
      const doc = parse(fs.readFileSync(file, 'utf8')) as { spec: { replicas: number } };
      doc.spec.replicas = replicas;
      fs.writeFileSync(file, stringify(doc));
    });
  const refresh = (name: string, query = '') => hub.http.post(`/api/v1/applications/${name}/refresh${query}`).set(auth).expect(200);
  const settled = () => hub.app.get(ReconcileTriggers).settled();
  const lsRemotes = () => hub.app.get(GitMirrors).stats().lsRemote;

  beforeAll(async () => {
    repo = createGitRepo({ example: true });
    toolDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flotilla-stamp-kustomize-'));
    const kustomize = await findKustomize(defaultKustomizeCandidates());
    if (!kustomize) throw new Error('no kustomize found for the test');
    fs.writeFileSync(stampFile(), 'one');
    const stamp = ['---', 'apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: render-stamp', 'data:', '  stamp: "%s"'].map((line) => `'${line}'`).join(' ');
    const wrapper = await fakeTool(toolDir, 'kustomize', `${[kustomize.file, ...kustomize.args('"$2"')].join(' ')} || exit $?\necho\nprintf '%s\\n' ${stamp} | sed "s/%s/$(cat '${stampFile()}')/"`);
    const servers = await Promise.all(CLUSTERS.map((cluster) => startKubeApiServer({ name: cluster.name, controllerDelayMs: 50 })));
    clusters = Object.fromEntries(CLUSTERS.map((cluster, i) => [cluster.name, servers[i]]));
    // The default RECONCILE_INTERVAL_SECONDS (60) and GIT_POLL_SECONDS (120): nothing here may wait for them. The
    // clock moves only as the tests move it, so no periodic pass runs — however slow the machine — and every sync the tests see
    // is the one the request under test caused (a pass would also add its own ls-remote to the count below).
    hub = await startTestHub({ env: { KUSTOMIZE_PATH: wrapper, IN_CLUSTER: 'false' }, clock });
    auth = bearer(hub.adminToken);
    await hub.http.post('/api/v1/projects').set(auth).set('Content-Type', 'application/yaml').send(fs.readFileSync(path.join(repo.dir, 'projects/platform.yaml'))).expect(201);
    for (const cluster of CLUSTERS) {
      const server = clusters[cluster.name];
      await hub.http.post('/api/v1/clusters').set(auth).send(clusterBody({ name: cluster.name, server: server.server, labels: { env: cluster.env }, credentials: { bearerToken: server.token }, tls: { caData: server.caData } })).expect(201);
    }
  });

  // A second apart, so each test's sync runs are newer than the last test's (the history is newest first by start
  // time); a few seconds in all, far from the first periodic pass (54–66 s).
  beforeEach(() => clock.advance(1000));

  afterAll(async () => {
    await Promise.all([hub?.close(), ...Object.values(clusters ?? {}).map((cluster) => cluster.stop())]);
    repo?.remove();
    if (toolDir) fs.rmSync(toolDir, { recursive: true, force: true });
  });

  it('syncs every application of a new ApplicationSet within seconds, with the default intervals', async () => {
    const { reconcile } = hub.app.get<AppConfig>(APP_CONFIG);
    expect([reconcile.intervalSeconds, reconcile.gitPollSeconds]).toEqual([60, 120]);
    const postedAt = Date.now();
    const created = await hub.http.post('/api/v1/applicationsets').set(auth).set('Content-Type', 'application/yaml').send(fs.readFileSync(path.join(repo.dir, 'applicationsets/my-api-clusters.yaml'))).expect(201);
    expect(created.body.status.desired).toBe(APPS.length);
    await until('every generated application to be synced at the commit', async () => {
      const items: { metadata: { name: string }; status: { sync: { status: string; revision?: string } } }[] = (await hub.http.get('/api/v1/applications').query({ applicationSet: 'my-api-fleet' }).set(auth).expect(200)).body.items;
      return items.length === APPS.length && items.every((app) => app.status.sync.status === 'Synced' && app.status.sync.revision === repo.head()) ? true : undefined;
    }, SECONDS_NOT_A_PASS * 1000);
    expect(await Promise.all(CLUSTERS.map((cluster) => replicasIn(cluster.name)))).toEqual([2, 5, 5]);
    console.log(`ApplicationSet created → every application synced: ${Date.now() - postedAt} ms`);
    // One ls-remote for the repository and one render per overlay, shared by the applications that read it.
    expect(lsRemotes()).toBe(1);
    expect(hub.app.get(RenderCache).stats()).toMatchObject({ misses: 2, entries: 2 });
    const runs = (await hub.http.get(`/api/v1/applications/${APPS[1]}/history`).set(auth).expect(200)).body.items;
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ trigger: 'automated', phase: 'Succeeded', revision: repo.head() });
  });

  it('refresh applies a commit pushed just before, in that call', async () => {
    await settled();
    const sha = setReplicas('staging', 3);
    const response = await refresh(APPS[0]);
    expect(response.body.sync).toEqual({ status: 'Synced', revision: sha });
    expect(response.body.operationState).toMatchObject({ trigger: 'automated', phase: 'Succeeded', revision: sha });
    expect(await replicasIn('staging-eu')).toBe(3);
  });

  it('manual sync applies a commit pushed just before, in that call, and its history row records that commit', async () => {
    const sha = setReplicas('production', 6);
    const response = await hub.http.post(`/api/v1/applications/${APPS[1]}/sync`).set(auth).send({}).expect(200);
    expect(response.body).toMatchObject({ phase: 'Succeeded', revision: sha });
    expect(await replicasIn('prod-eu')).toBe(6);
    const latest = (await hub.http.get(`/api/v1/applications/${APPS[1]}/history`).set(auth).expect(200)).body.items[0];
    expect(latest).toMatchObject({ trigger: 'manual', triggeredBy: 'admin', phase: 'Succeeded', revision: sha });
  });

  it('hard refresh renders the source again; a plain refresh keeps the cached render', async () => {
    await Promise.all([refresh(APPS[0]), refresh(APPS[2])]);
    expect([await stampInCluster('staging-eu'), await stampInCluster('prod-us')]).toEqual(['one', 'one']);
    fs.writeFileSync(stampFile(), 'two');
    await refresh(APPS[0]);
    expect(await stampInCluster('staging-eu')).toBe('one');
    const hard = await refresh(APPS[0], '?hard=true');
    expect(hard.body.sync.status).toBe('Synced');
    expect(await stampInCluster('staging-eu')).toBe('two');
    // Only that application's source was dropped: production's render is still the cached one.
    await refresh(APPS[2]);
    expect(await stampInCluster('prod-us')).toBe('one');
    await hub.http.post(`/api/v1/applications/${APPS[0]}/refresh?hard=yes`).set(auth).expect(400);
  });

  it('concurrent refreshes of applications of one repository cost one ls-remote, and all see the new commit', async () => {
    await settled();
    const sha = setReplicas('staging', 4);
    // "Concurrent" made exact: Git is asked only once every refresh is waiting for its answer, and then all at once.
    // Without the gate, a loaded machine may finish the first look-up before the last request asks, which must then
    // ask again; a gate that let each waiter go on its own timer would stagger them the same way.
    const mirrors = hub.app.get(GitMirrors);
    const resolveRevisions = mirrors.resolveRevisions.bind(mirrors);
    let releaseAll!: () => void;
    const everyoneWaiting = new Promise<void>((resolve) => (releaseAll = resolve));
    const safetyNet = setTimeout(releaseAll, 30_000);
    const gate = vi.spyOn(mirrors, 'resolveRevisions').mockImplementation(async (...args) => {
      if (gate.mock.calls.length >= APPS.length) releaseAll();
      await everyoneWaiting;
      return resolveRevisions(...args);
    });
    onTestFinished(() => {
      clearTimeout(safetyNet);
      gate.mockRestore();
    });
    const before = lsRemotes();
    const responses = await Promise.all(APPS.map((name) => refresh(name)));
    expect(gate).toHaveBeenCalledTimes(APPS.length);
    expect(lsRemotes() - before).toBe(1);
    expect(responses.map((response) => response.body.sync.revision)).toEqual(APPS.map(() => sha));
    expect(await replicasIn('staging-eu')).toBe(4);
  });

  describe('POST /api/v1/applicationsets/:name/refresh', () => {
    it('re-expands the set now and returns it; the application it recreates is synced at once', async () => {
      await settled();
      await hub.dataSource.query('DELETE FROM applications WHERE name = $1', [APPS[2]]);
      const response = await hub.http.post('/api/v1/applicationsets/my-api-fleet/refresh').set(auth).expect(200);
      expect(response.body).toMatchObject({ kind: 'ApplicationSet', metadata: { name: 'my-api-fleet' }, status: { desired: APPS.length } });
      await hub.http.get(`/api/v1/applications/${APPS[2]}`).set(auth).expect(200);
      await settled();
      const status = (await hub.http.get(`/api/v1/applications/${APPS[2]}`).set(auth).expect(200)).body.status;
      expect(status.sync).toEqual({ status: 'Synced', revision: repo.head() });
    });

    it('answers 404 for an unknown set and 403 to a viewer', async () => {
      const missing = await hub.http.post('/api/v1/applicationsets/nope/refresh').set(auth).expect(404);
      expect(missing.body).toMatchObject({ statusCode: 404, code: expect.any(String) });
      const viewer = (await hub.http.post('/api/v1/tokens').set(auth).send({ name: 'refresh-viewer', role: 'viewer' }).expect(201)).body.token as string;
      await hub.http.post('/api/v1/applicationsets/my-api-fleet/refresh').set(bearer(viewer)).expect(403);
      await hub.http.post(`/api/v1/applications/${APPS[0]}/refresh`).set(bearer(viewer)).expect(403);
    });
  });
});
