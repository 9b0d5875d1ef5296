import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { FakeClock } from '../../src/clock/fake-clock';
import { ReconcileTriggers } from '../../src/reconcile/reconcile.triggers';
import { clusterBody } from '../support/builders';
import { fetchExport, parseCsv, parseNdjson } from '../support/exports';
import { createGitRepo, type GitTestRepo } from '../support/git-repo';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api';
import { bearer, startTestHub, type TestHub } from '../support/test-hub';
import { sharedServerAvailable } from '../support/test-database';

const CLUSTERS = [
  { name: 'staging-eu', labels: { env: 'staging', region: 'eu' } },
  { name: 'prod-eu', labels: { env: 'production', region: 'eu' } },
  { name: 'prod-us', labels: { env: 'production', region: 'us' } },
] as const;
const [STAGING, PROD_EU, PROD_US] = CLUSTERS.map((cluster) => `my-api-${cluster.name}`);
const MINUTE = 60_000;
// The hub's clock starts a minute ahead of the wall clock, so every commit (made at wall-clock time) precedes the
// syncs that apply it, and moves only when the test moves it: each step below happens at a known instant.
const START = Math.ceil(Date.now() / 1000) * 1000 + MINUTE;
const time = (offsetMs: number) => new Date(START + offsetMs).toISOString();

interface Run {
  application: string;
  cluster: string;
  phase: string;
  trigger: string;
  triggeredBy: string | null;
  revision: string;
  resources?: { kind: string; action: string }[];
  startedAt: string;
}

/**
 * The fleet-wide history over a hub that really synced three test clusters from the example fleet repo: an
 * ApplicationSet's first sync, a commit to staging, a production commit the cluster refuses and its fix, and a
 * manual sync by a release token — each at its own minute of the hub's clock.
 */
describe('fleet-wide history over real syncs', () => {
  const clock = new FakeClock(new Date(START));
  let hub: TestHub;
  let repo: GitTestRepo;
  let servers: KubeApiServer[];
  let admin: Record<string, string>;
  const tokens: Record<string, Record<string, string>> = {};
  const commits: Record<'initial' | 'staging' | 'broken' | 'fixed', string> = { initial: '', staging: '', broken: '', fixed: '' };

  const get = async (route: string, query: Record<string, string> = {}, auth = admin) => (await hub.http.get(`/api/v1/history${route}`).query(query).set(auth).expect(200)).body;
  const runs = async (query: Record<string, string> = {}): Promise<Run[]> => (await get('', query)).items;
  const refresh = (name: string) => hub.http.post(`/api/v1/applications/${name}/refresh`).set(admin).expect(200);
  const commitTime = (sha: string) => new Date(Number(repo.git('show', '--no-patch', '--format=%ct', sha)) * 1000).toISOString();
  const editProduction = (message: string, change: (kustomization: { resources: string[] }, replicas: { spec: { replicas: number } }, dir: string) => void) =>
    repo.commit(message, (dir) => {
      const overlay = path.join(dir, 'apps/my-api/overlays/production');
      const kustomization = parse(fs.readFileSync(path.join(overlay, 'kustomization.yaml'), 'utf8')) as { resources: string[] };
      const replicas = parse(fs.readFileSync(path.join(overlay, 'patch-replicas.yaml'), 'utf8')) as { spec: { replicas: number } };
      change(kustomization, replicas, overlay);
      fs.writeFileSync(path.join(overlay, 'kustomization.yaml'), stringify(kustomization));
      fs.writeFileSync(path.join(overlay, 'patch-replicas.yaml'), stringify(replicas));
    });

  beforeAll(async () => {
    repo = createGitRepo({ example: true });
    commits.initial = repo.head();
    // The clusters' controllers run on the hub's clock: a workload a sync changed is rolled out by the next step, so
    // no application is still settling — looked at again, and synced from the newest commit — when the test moves on.
    servers = await Promise.all(CLUSTERS.map((cluster) => startKubeApiServer({ name: cluster.name, clock })));
    // No pass, re-expansion or poll falls in the test's hour: every sync below is one the test asked for.
    const quiet = '86400';
    hub = await startTestHub({ clock, env: { RECONCILE_INTERVAL_SECONDS: quiet, SHARD_LEASE_SECONDS: '3600', APPSET_RESYNC_SECONDS: quiet, GIT_POLL_SECONDS: quiet, IN_CLUSTER: 'false' } });
    admin = bearer(hub.adminToken);
    for (const [name, role] of [['release-bot', 'operator'], ['auditor', 'viewer']]) {
      const created = await hub.http.post('/api/v1/tokens').set(admin).send({ name, role }).expect(201);
      tokens[name] = bearer(created.body.token as string);
    }
    await hub.http.post('/api/v1/projects').set(admin).set('Content-Type', 'application/yaml').send(fs.readFileSync(path.join(repo.dir, 'projects/platform.yaml'))).expect(201);
    for (const [index, cluster] of CLUSTERS.entries()) {
      const server = servers[index];
      await hub.http.post('/api/v1/clusters').set(admin).send(clusterBody({ name: cluster.name, server: server.server, labels: cluster.labels, credentials: { bearerToken: server.token }, tls: { caData: server.caData } })).expect(201);
    }
    // START: the ApplicationSet's applications are synced as soon as it creates them.
    await hub.http.post('/api/v1/applicationsets').set(admin).set('Content-Type', 'application/yaml').send(fs.readFileSync(path.join(repo.dir, 'applicationsets/my-api-clusters.yaml'))).expect(201);
    await hub.app.get(ReconcileTriggers).settled();
    // +10 min: a commit to staging, applied by the refresh that follows it.
    await clock.advance(10 * MINUTE);
    commits.staging = repo.commit('staging: 3 replicas', (dir) => fs.writeFileSync(path.join(dir, 'apps/my-api/overlays/staging/patch-replicas.yaml'), stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'my-api' }, spec: { replicas: 3 } })));
    await refresh(STAGING);
    // +20 min: production gets a ConfigMap whose key the API server refuses: a failed sync.
    await clock.advance(10 * MINUTE);
    commits.broken = editProduction('production: a bad ConfigMap', (kustomization, _replicas, overlay) => {
      fs.writeFileSync(path.join(overlay, 'bad-config.yaml'), stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'my-api-settings' }, data: { 'not a valid key': 'x' } }));
      kustomization.resources.push('bad-config.yaml');
    });
    await refresh(PROD_EU);
    // +30 min: the fix (and 6 replicas) restores prod-eu.
    await clock.advance(10 * MINUTE);
    commits.fixed = editProduction('production: 6 replicas, no bad ConfigMap', (kustomization, replicas, overlay) => {
      fs.rmSync(path.join(overlay, 'bad-config.yaml'));
      kustomization.resources = kustomization.resources.filter((resource) => resource !== 'bad-config.yaml');
      replicas.spec.replicas = 6;
    });
    await refresh(PROD_EU);
    // +40 min: the release token syncs prod-us by hand.
    await clock.advance(10 * MINUTE);
    await hub.http.post(`/api/v1/applications/${PROD_US}/sync`).set(tokens['release-bot']).send({}).expect(200);
    await clock.advance(10 * MINUTE);
  });

  afterAll(async () => {
    await Promise.all([hub?.close(), ...(servers ?? []).map((server) => server.stop())]);
    repo?.remove();
  });

  it('records every attempt, failed ones too, newest first', async () => {
    const all = (await runs()).map((run) => [run.application, run.phase, run.trigger, run.revision, run.startedAt]);
    expect(all.slice(0, 4)).toEqual([
      [PROD_US, 'Succeeded', 'manual', commits.fixed, time(40 * MINUTE)],
      [PROD_EU, 'Succeeded', 'automated', commits.fixed, time(30 * MINUTE)],
      [PROD_EU, 'Failed', 'automated', commits.broken, time(20 * MINUTE)],
      [STAGING, 'Succeeded', 'automated', commits.staging, time(10 * MINUTE)],
    ]);
    // The first three started at the same instant (the hub's clock stood still); their order is by id.
    expect(all.slice(4).sort()).toEqual([PROD_EU, PROD_US, STAGING].map((application) => [application, 'Succeeded', 'automated', commits.initial, time(0)]));
    expect((await runs())[0]).not.toHaveProperty('resources');
  });

  it('shows what was running where before and after a commit', async () => {
    const revisions = async (at: string, query: Record<string, string> = {}) =>
      Object.fromEntries(((await get('/state', { at, ...query })).items as { application: string; revision: string }[]).map((row) => [row.application, row.revision]));
    expect(await revisions(time(5 * MINUTE))).toEqual({ [PROD_EU]: commits.initial, [PROD_US]: commits.initial, [STAGING]: commits.initial });
    expect(await revisions(time(15 * MINUTE))).toEqual({ [PROD_EU]: commits.initial, [PROD_US]: commits.initial, [STAGING]: commits.staging });
    // The failed sync applied nothing: prod-eu still ran the first commit until the fix.
    expect(await revisions(time(25 * MINUTE))).toMatchObject({ [PROD_EU]: commits.initial });
    expect(await revisions(time(45 * MINUTE))).toEqual({ [PROD_EU]: commits.fixed, [PROD_US]: commits.fixed, [STAGING]: commits.staging });
    // Before anything was synced, nothing ran anywhere.
    expect(await revisions(time(-MINUTE))).toEqual({});
  });

  it('answers the state of one cluster as the whole-fleet answer does, with who applied it and when', async () => {
    const fleet = (await get('/state', { at: time(45 * MINUTE) })).items as { cluster: string }[];
    const one = await get('/state', { at: time(45 * MINUTE), cluster: 'prod-us' });
    expect(one.items).toEqual(fleet.filter((row) => row.cluster === 'prod-us'));
    expect(one.items[0]).toMatchObject({
      application: PROD_US,
      clusterLabels: { env: 'production', region: 'us' },
      revision: commits.fixed,
      revisionCommittedAt: commitTime(commits.fixed),
      appliedAt: time(40 * MINUTE),
      trigger: 'manual',
      triggeredBy: 'release-bot',
    });
    // Now is the default moment; filters apply to what was running (production clusters at the fixed commit).
    const now = await get('/state', { selector: 'env=production', revision: commits.fixed.slice(0, 7) });
    expect(now.items.map((row: { application: string }) => row.application)).toEqual([PROD_EU, PROD_US]);
    const page = await get('/state', { limit: '2' });
    const rest = await get('/state', { limit: '2', cursor: page.nextCursor });
    expect([...page.items, ...rest.items].map((row: { application: string }) => row.application)).toEqual([PROD_EU, PROD_US, STAGING]);
    expect(rest.nextCursor).toBeUndefined();
  });

  it('lists the applications whose revision changed between two times, old → new', async () => {
    const staging = await get('/changes', { from: time(5 * MINUTE), to: time(15 * MINUTE) });
    expect(staging.items).toEqual([
      expect.objectContaining({ application: STAGING, revision: commits.staging, appliedAt: time(10 * MINUTE), before: expect.objectContaining({ revision: commits.initial, appliedAt: time(0) }) }),
    ]);
    const production = (await get('/changes', { from: time(5 * MINUTE), selector: 'env=production' })).items as { application: string; revision: string; before: { revision: string } }[];
    expect(production.map((change) => [change.application, change.before.revision, change.revision])).toEqual([
      [PROD_EU, commits.initial, commits.fixed],
      [PROD_US, commits.initial, commits.fixed],
    ]);
    // Nothing was applied between the failed sync and its fix.
    expect((await get('/changes', { from: time(15 * MINUTE), to: time(25 * MINUTE) })).items).toEqual([]);
    const first = await get('/changes', { from: time(-MINUTE), to: time(5 * MINUTE), application: STAGING });
    expect(first.items).toEqual([expect.objectContaining({ application: STAGING, revision: commits.initial, before: null })]);
  });

  it('counts the failed sync in the change-failure rate, and measures lead time and time to restore', async () => {
    const summary = await get('/summary', { since: time(-MINUTE), until: time(60 * MINUTE), groupBy: 'label:env' });
    const [production, staging] = summary.groups;
    expect(production).toMatchObject({
      key: 'production',
      syncs: { total: 5, Succeeded: 4, Failed: 1, Error: 0 },
      deployments: 4,
      changeFailureRate: 0.2,
      timeToRestoreSeconds: { mean: 600, restores: 1 },
    });
    // Lead time over the four deployments that brought a new revision: commit → applied.
    const leadTimes = [
      [0, commits.initial],
      [0, commits.initial],
      [30 * MINUTE, commits.fixed],
      [40 * MINUTE, commits.fixed],
    ].map(([offset, sha]) => (Date.parse(time(offset as number)) - Date.parse(commitTime(sha as string))) / 1000);
    expect(production.leadTimeSeconds).toEqual({ median: (leadTimes[1] + leadTimes[2]) / 2, deployments: 4 });
    expect(staging).toMatchObject({ key: 'staging', syncs: { total: 2, Succeeded: 2 }, deployments: 2, changeFailureRate: 0, timeToRestoreSeconds: { mean: null, restores: 0 } });
    // The hub's clock stood still during each sync.
    expect(production.syncDurationSeconds).toEqual({ median: 0, p95: 0 });
    const byCluster = await get('/summary', { since: time(-MINUTE), groupBy: 'cluster', selector: 'region=eu' });
    expect(byCluster.groups.map((group: { key: string; changeFailureRate: number }) => [group.key, group.changeFailureRate])).toEqual([
      ['prod-eu', 1 / 3],
      ['staging-eu', 0],
    ].map(([key, rate]) => [key, Math.round((rate as number) * 10_000) / 10_000]));
  });

  it('attributes the manual sync to its token, and filters by trigger, phase, cluster labels and short SHAs', async () => {
    const manual = await runs({ triggeredBy: 'release-bot' });
    expect(manual).toEqual([expect.objectContaining({ application: PROD_US, trigger: 'manual', triggeredBy: 'release-bot', revision: commits.fixed })]);
    expect((await runs({ trigger: 'manual' })).map((run) => run.triggeredBy)).toEqual(['release-bot']);
    const [failed] = await runs({ phase: 'Failed', resources: 'true' });
    expect(failed).toMatchObject({ application: PROD_EU, revision: commits.broken, changed: false, previousRevision: commits.initial });
    expect(failed.resources).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'ConfigMap', action: 'failed' })]));
    const apps = async (query: Record<string, string>) => [...new Set((await runs(query)).map((run) => run.application))].sort();
    expect(await apps({ selector: 'region=us' })).toEqual([PROD_US]);
    expect(await apps({ selector: 'env=production,region!=us' })).toEqual([PROD_EU]);
    expect(await apps({ selector: 'env in (staging)' })).toEqual([STAGING]);
    expect(await apps({ selector: 'env=production,env=staging' })).toEqual([]);
    expect(await apps({ revision: commits.staging.slice(0, 7) })).toEqual([STAGING]);
    expect(await apps({ revision: commits.staging.slice(0, 10).toUpperCase() })).toEqual([STAGING]);
    expect(await apps({ revision: commits.fixed })).toEqual([PROD_EU, PROD_US]);
    expect(await apps({ since: time(20 * MINUTE), until: time(40 * MINUTE) })).toEqual([PROD_EU]);
    expect(await apps({ applicationSet: 'my-api-fleet', project: 'platform', repository: repo.url, cluster: 'staging-eu' })).toEqual([STAGING]);
  });

  // Their estimates cross jit_above_cost, and compiling them cost more than it saved (data-source-options.ts).
  it.runIf(sharedServerAvailable())('runs on PostgreSQL sessions with JIT compilation off', async () => {
    expect(await hub.dataSource.query('SHOW jit')).toEqual([{ jit: 'off' }]);
  });

  it('pages through every run once', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await get('', { limit: '3', ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((run: { id: string }) => run.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual((await runs()).map((run) => (run as unknown as { id: string }).id));
    expect(seen).toHaveLength(7);
  });

  it('lets a viewer read every history route', async () => {
    for (const [route, query] of [['', {}], ['/state', {}], ['/changes', { from: time(0) }], ['/summary', {}]] as const) {
      await get(route, query, tokens.auditor);
    }
  });

  it.each([
    { name: 'an unknown field', route: '', query: { owner: 'me' }, field: 'owner' },
    { name: 'a time that is not RFC 3339', route: '', query: { since: 'yesterday' }, field: 'since' },
    { name: 'a bad selector', route: '/state', query: { selector: 'env in (a' }, field: 'selector' },
    { name: 'a revision that is not a SHA', route: '', query: { revision: 'main' }, field: 'revision' },
    { name: 'changes without from', route: '/changes', query: {}, field: 'from' },
    { name: 'to before from', route: '/changes', query: { from: time(10 * MINUTE), to: time(0) }, field: 'to' },
    { name: 'a grouping by a bad label key', route: '/summary', query: { groupBy: 'label:-env' }, field: 'groupBy' },
    { name: 'a forged cursor', route: '', query: { cursor: 'forged' }, field: 'cursor' },
  ])('answers 400 naming the field for $name', async ({ route, query, field }) => {
    const response = await hub.http.get(`/api/v1/history${route}`).query(query).set(admin).expect(400);
    expect(response.body.details.map((detail: { field: string }) => detail.field)).toEqual([field]);
  });

  describe('exports (?format=ndjson|csv)', () => {
    type Item = Record<string, unknown>;
    /** Every item of a list route's JSON answer, following the cursor `limit` at a time (the summary: its groups). */
    const allPages = async (route: string, query: Record<string, string>, limit = '2'): Promise<Item[]> => {
      if (route === '/summary') return (await get(route, query)).groups;
      const items: Item[] = [];
      let cursor: string | undefined;
      do {
        const page = await get(route, { ...query, limit, ...(cursor ? { cursor } : {}) });
        items.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return items;
    };
    const exported = async (route: string, query: Record<string, string>, format: 'ndjson' | 'csv', headers = admin) => {
      const answer = await fetchExport(hub.http, `/api/v1/history${route}?${new URLSearchParams({ ...query, format }).toString()}`, headers);
      expect(answer.status).toBe(200);
      return answer;
    };
    /** A CSV field as the export writes it: null empty, objects as JSON text. */
    const cell = (value: unknown) => (value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value as string | number | boolean));

    it.each<{ route: string; query: Record<string, string> }>([
      { route: '', query: {} },
      { route: '', query: { resources: 'true' } },
      { route: '', query: { selector: 'env=production', phase: 'Succeeded' } },
      { route: '', query: { since: time(20 * MINUTE), until: time(40 * MINUTE) } },
      { route: '/state', query: { at: time(45 * MINUTE) } },
      { route: '/state', query: { at: time(15 * MINUTE), selector: 'region=eu' } },
      { route: '/changes', query: { from: time(5 * MINUTE), to: time(45 * MINUTE) } },
      { route: '/changes', query: { from: time(-MINUTE), to: time(5 * MINUTE), application: STAGING } },
      { route: '/summary', query: { since: time(-MINUTE), until: time(60 * MINUTE), groupBy: 'label:env' } },
    ])('exports $route $query as the JSON pages answer it, in NDJSON and CSV', async ({ route, query }) => {
      const json = await allPages(route, query);
      expect(json.length).toBeGreaterThan(0);
      const ndjson = await exported(route, query, 'ndjson');
      expect(ndjson.contentType).toMatch(/^application\/x-ndjson/);
      expect(parseNdjson(ndjson.text)).toEqual(json);
      const csv = await exported(route, query, 'csv');
      expect(csv.contentType).toMatch(/^text\/csv/);
      const [header, ...rows] = parseCsv(csv.text);
      // One column per field of the JSON items, in their order.
      expect(header).toEqual(Object.keys(json[0]));
      expect(rows).toEqual(json.map((item) => header.map((column) => cell(item[column]))));
    });

    it('names the file after the route', async () => {
      const response = await hub.http.get('/api/v1/history/state').query({ format: 'csv' }).set(admin).expect(200);
      expect(response.headers['content-disposition']).toBe('attachment; filename="history-state.csv"');
    });

    it('quotes CSV fields with commas and quotes, so JSON text reads back whole', async () => {
      const csv = (await exported('', { cluster: 'staging-eu' }, 'csv')).text;
      // {"env":"staging","region":"eu"}: quoted, its quotes doubled.
      expect(csv).toContain(',"{""env"":""staging"",""region"":""eu""}",');
      const [header, ...rows] = parseCsv(csv);
      const labels = rows.map((row) => JSON.parse(row[header.indexOf('clusterLabels')]) as unknown);
      expect(labels).toEqual(rows.map(() => ({ env: 'staging', region: 'eu' })));
    });

    it('streams an export even when YAML is asked for in the Accept header', async () => {
      const answer = await exported('', {}, 'ndjson', { ...admin, Accept: 'application/yaml' });
      expect(answer.contentType).toMatch(/^application\/x-ndjson/);
      expect(parseNdjson(answer.text)).toHaveLength(7);
    });

    it('lets a viewer export', async () => {
      expect(parseNdjson((await exported('/state', {}, 'ndjson', tokens.auditor)).text)).toHaveLength(3);
    });

    it.each([
      { name: 'an unknown format', route: '', query: { format: 'xml' }, field: 'format' },
      { name: 'an unknown format of the summary', route: '/summary', query: { format: 'yaml' }, field: 'format' },
      { name: 'a bad selector', route: '', query: { format: 'csv', selector: 'env in (a' }, field: 'selector' },
      { name: 'a revision that is not a SHA', route: '/state', query: { format: 'ndjson', revision: 'main' }, field: 'revision' },
      { name: 'until before since', route: '', query: { format: 'ndjson', since: time(10 * MINUTE), until: time(0) }, field: 'until' },
      { name: 'to before from', route: '/changes', query: { format: 'csv', from: time(10 * MINUTE), to: time(0) }, field: 'to' },
      { name: 'a bad label key', route: '/summary', query: { format: 'csv', groupBy: 'label:-env' }, field: 'groupBy' },
    ])('answers 400 naming the field, not a broken stream, for $name', async ({ route, query, field }) => {
      const response = await hub.http.get(`/api/v1/history${route}`).query(query).set(admin).expect(400);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.body.details.map((detail: { field: string }) => detail.field)).toEqual([field]);
    });
  });

  it('still answers for a deleted cluster, by the labels it had', async () => {
    await hub.http.delete('/api/v1/clusters/prod-us').set(admin).expect(204);
    expect(new Set((await runs({ selector: 'region=us' })).map((run) => run.cluster))).toEqual(new Set(['prod-us']));
    expect((await get('/state', { selector: 'region=us' })).items).toEqual([expect.objectContaining({ application: PROD_US, revision: commits.fixed })]);
  });
});
