import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock/fake-clock';
import { ReconcileTriggers } from '../../src/reconcile/reconcile.triggers';
import { ReconcileWorker } from '../../src/reconcile/reconcile.worker';
import { clusterBody } from '../support/builders';
import { createGitRepo, type GitTestRepo } from '../support/git-repo';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api';
import { type Family, parseExposition, samples } from '../support/prometheus-text';
import { bearer, startTestHub, type TestHub } from '../support/test-hub';

const CONTROLLER_DELAY_MS = 50;

describe('/metrics after syncs through the hub', () => {
  const clusterClock = new FakeClock();
  // The hub's timers (the looks at applications still settling) move only with this clock, so the counts are exact.
  const hubClock = new FakeClock();
  let hub: TestHub;
  let repo: GitTestRepo;
  let staging: KubeApiServer;
  let production: KubeApiServer;
  let auth: Record<string, string>;

  const pass = async () => {
    await hub.app.get(ReconcileTriggers).settled();
    return hub.app.get(ReconcileWorker).runPass();
  };
  const scrape = async (): Promise<{ text: string; families: Map<string, Family> }> => {
    const response = await hub.http.get('/metrics').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
    return { text: response.text, families: parseExposition(response.text) };
  };
  const value = (families: Map<string, Family>, name: string, labels: Record<string, string> = {}) => samples(families, name, labels).reduce((sum, sample) => sum + sample.value, 0);

  beforeAll(async () => {
    repo = createGitRepo({ example: true });
    [staging, production] = await Promise.all([
      startKubeApiServer({ name: 'staging', controllerDelayMs: CONTROLLER_DELAY_MS, clock: clusterClock }),
      startKubeApiServer({ name: 'production', controllerDelayMs: CONTROLLER_DELAY_MS, clock: clusterClock }),
    ]);
    hub = await startTestHub({ clock: hubClock, env: { RECONCILE_INTERVAL_SECONDS: '3600', SHARD_COUNT: '4' } });
    auth = bearer(hub.adminToken);
    await hub.http.post('/api/v1/projects').set(auth).set('Content-Type', 'application/yaml').send(fs.readFileSync(path.join(repo.dir, 'projects/platform.yaml'))).expect(201);
    for (const [name, cluster, env] of [['staging-eu', staging, 'staging'], ['prod-eu', production, 'production']] as const) {
      await hub.http.post('/api/v1/clusters').set(auth).send(clusterBody({ name, server: cluster.server, labels: { env }, credentials: { bearerToken: cluster.token }, tls: { caData: cluster.caData } })).expect(201);
    }
    const appSet = fs.readFileSync(path.join(repo.dir, 'applicationsets/my-api-clusters.yaml'));
    await hub.http.post('/api/v1/applicationsets').set(auth).set('Content-Type', 'application/yaml').send(appSet).expect(201);
    await pass();
  }, 60_000);

  afterAll(async () => {
    await Promise.all([hub?.close(), staging?.stop(), production?.stop()]);
    repo?.remove();
  });

  it('shows each application with its statuses, and the syncs counted', async () => {
    // The simulated controllers finish the rollouts; the next pass writes Healthy.
    await clusterClock.advance(CONTROLLER_DELAY_MS);
    await pass();
    const { families } = await scrape();
    expect(samples(families, 'flotilla_app_info').map((sample) => sample.labels).sort((a, b) => (a.name < b.name ? -1 : 1))).toEqual([
      { name: 'my-api-prod-eu', project: 'platform', application_set: 'my-api-fleet', cluster: 'prod-eu', sync_status: 'Synced', health_status: 'Healthy' },
      { name: 'my-api-staging-eu', project: 'platform', application_set: 'my-api-fleet', cluster: 'staging-eu', sync_status: 'Synced', health_status: 'Healthy' },
    ]);
    expect(value(families, 'flotilla_app_info')).toBe(2);
    expect(samples(families, 'flotilla_app_sync_total')).toEqual([{ name: 'flotilla_app_sync_total', labels: { phase: 'Succeeded', trigger: 'automated' }, value: 2 }]);
    expect(value(families, 'flotilla_sync_duration_seconds_count')).toBe(2);
    expect(value(families, 'flotilla_reconcile_duration_seconds_count', { scope: 'pass' })).toBe(2);
    // Two by the change queue, two in each pass.
    expect(value(families, 'flotilla_reconcile_duration_seconds_count', { scope: 'application' })).toBe(6);
    expect(value(families, 'flotilla_shards_held')).toBe(4);
    expect(value(families, 'flotilla_shards_total')).toBe(4);
    expect(value(families, 'flotilla_reconcile_interval_seconds')).toBe(3600);
  });

  it('counts the cluster API requests, git operations, renders and expansions behind them', async () => {
    const { families } = await scrape();
    // Server-side apply is a PATCH (201: created); every object of the overlay and its namespace were applied once.
    expect(value(families, 'flotilla_cluster_api_requests_total', { cluster: 'prod-eu', verb: 'PATCH', code: '201' })).toBe(4);
    // Objects not there yet are read as 404s before they are created.
    expect(value(families, 'flotilla_cluster_api_requests_total', { cluster: 'prod-eu', verb: 'GET', code: '404' })).toBeGreaterThan(0);
    expect(value(families, 'flotilla_cluster_api_requests_total', { cluster: 'staging-eu', verb: 'GET', code: '200' })).toBeGreaterThan(0);
    expect(samples(families, 'flotilla_cluster_api_requests_total').every((sample) => ['prod-eu', 'staging-eu'].includes(sample.labels.cluster))).toBe(true);
    expect(value(families, 'flotilla_git_requests_total', { op: 'fetch', outcome: 'success' })).toBeGreaterThan(0);
    expect(value(families, 'flotilla_render_duration_seconds_count', { tool: 'kustomize', outcome: 'success' })).toBe(2);
    expect(value(families, 'flotilla_appset_expansion_duration_seconds_count', { outcome: 'success' })).toBeGreaterThanOrEqual(1);
  });

  it('shows a cluster as its connectivity check found it, and counts a failed sync', async () => {
    await hub.http.post('/api/v1/clusters/prod-eu/check').set(auth).expect(200);
    let { families } = await scrape();
    expect(samples(families, 'flotilla_cluster_info').map((sample) => sample.labels)).toEqual([{ name: 'prod-eu', server_version: expect.stringMatching(/^v1\./), connection_state: 'Successful' }]);
    expect(value(families, 'flotilla_cluster_api_requests_total', { cluster: 'prod-eu', verb: 'GET', code: '200' })).toBeGreaterThan(0);
    // The staging API server goes away: a manual sync fails and the app reads Unknown.
    await staging.stop();
    await hub.http.post('/api/v1/applications/my-api-staging-eu/sync').set(auth).send({}).expect((response) => expect(response.status).toBeLessThan(500));
    await hub.http.post('/api/v1/clusters/staging-eu/check').set(auth).expect(200);
    ({ families } = await scrape());
    expect(samples(families, 'flotilla_cluster_info', { name: 'staging-eu' }).map((sample) => sample.labels.connection_state)).toEqual(['Failed']);
    expect(value(families, 'flotilla_cluster_api_requests_total', { cluster: 'staging-eu', code: 'error' })).toBeGreaterThan(0);
    expect(samples(families, 'flotilla_app_info', { name: 'my-api-staging-eu' }).map((sample) => sample.labels.health_status)).toEqual(['Unknown']);
    expect(samples(families, 'flotilla_app_sync_total', { trigger: 'manual' }).map((sample) => [sample.labels.phase, sample.value])).toEqual([['Error', 1]]);
  });

  it('serves a valid exposition: every line parses, every family has HELP and TYPE, no series twice, no SHAs', async () => {
    const { text, families } = await scrape();
    for (const family of families.values()) {
      expect(family.help, family.name).toBeTruthy();
      expect(family.type, family.name).toBeTruthy();
    }
    expect(families.size).toBeGreaterThan(20);
    expect(text).not.toContain(repo.head());
    expect(text).not.toContain(production.token);
  });
});
