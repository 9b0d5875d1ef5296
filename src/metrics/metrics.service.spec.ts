import { describe, expect, it } from 'vitest';
import type { AppConfig } from '../config/app-config';
import { MetricsService } from './metrics.service';
import type { AppInfo } from './recorders';

const config = { sharding: { shardCount: 4 }, reconcile: { intervalSeconds: 180 } } as AppConfig;

/** The value lines of one metric in the exposition, without the HELP/TYPE lines. */
async function lines(metrics: MetricsService, name: string): Promise<string[]> {
  return (await metrics.scrape()).split('\n').filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));
}

const app = (overrides: Partial<AppInfo> = {}): AppInfo => ({ name: 'web-prod', project: 'platform', applicationSet: 'web', cluster: 'prod', syncStatus: 'Synced', healthStatus: 'Healthy', ...overrides });

describe('MetricsService recorders', () => {
  it('keeps one flotilla_app_info series per application, replacing it when a status changes', async () => {
    const metrics = new MetricsService(config);
    metrics.applicationChanged(app({ syncStatus: 'OutOfSync', healthStatus: 'Missing' }));
    metrics.applicationChanged(app());
    metrics.applicationChanged(app({ name: 'standalone', applicationSet: null, healthStatus: 'Degraded' }));
    expect(await lines(metrics, 'flotilla_app_info')).toEqual([
      'flotilla_app_info{name="web-prod",project="platform",application_set="web",cluster="prod",sync_status="Synced",health_status="Healthy"} 1',
      'flotilla_app_info{name="standalone",project="platform",application_set="",cluster="prod",sync_status="Synced",health_status="Degraded"} 1',
    ]);
  });

  it('a pass replaces the whole set: applications no longer held (or deleted) disappear', async () => {
    const metrics = new MetricsService(config);
    metrics.replaceApplications([app(), app({ name: 'api-prod' })]);
    metrics.replaceApplications([app({ name: 'api-prod', healthStatus: 'Progressing' })]);
    expect(await lines(metrics, 'flotilla_app_info')).toEqual([
      'flotilla_app_info{name="api-prod",project="platform",application_set="web",cluster="prod",sync_status="Synced",health_status="Progressing"} 1',
    ]);
    metrics.replaceApplications([]);
    expect(await lines(metrics, 'flotilla_app_info')).toEqual([]);
  });

  it('counts syncs by phase and trigger and times them', async () => {
    const metrics = new MetricsService(config);
    metrics.syncFinished('Succeeded', 'automated', 0.3);
    metrics.syncFinished('Succeeded', 'automated', 0.2);
    metrics.syncFinished('Failed', 'manual', 2);
    expect(await lines(metrics, 'flotilla_app_sync_total')).toEqual([
      'flotilla_app_sync_total{phase="Succeeded",trigger="automated"} 2',
      'flotilla_app_sync_total{phase="Failed",trigger="manual"} 1',
    ]);
    expect(await lines(metrics, 'flotilla_sync_duration_seconds_count')).toEqual(['flotilla_sync_duration_seconds_count 3']);
    expect(await lines(metrics, 'flotilla_sync_duration_seconds_bucket')).toContain('flotilla_sync_duration_seconds_bucket{le="0.5"} 2');
  });

  it('separates reconcile passes from single applications', async () => {
    const metrics = new MetricsService(config);
    metrics.passFinished(12);
    metrics.applicationReconciled(0.04);
    metrics.applicationReconciled(0.06);
    expect(await lines(metrics, 'flotilla_reconcile_duration_seconds_count')).toEqual([
      'flotilla_reconcile_duration_seconds_count{scope="pass"} 1',
      'flotilla_reconcile_duration_seconds_count{scope="application"} 2',
    ]);
    expect(await lines(metrics, 'flotilla_reconcile_interval_seconds')).toEqual(['flotilla_reconcile_interval_seconds 180']);
  });

  it('reads the shards held when scraped, next to the configured total', async () => {
    const metrics = new MetricsService(config);
    expect(await lines(metrics, 'flotilla_shards_held')).toEqual(['flotilla_shards_held 0']);
    let held = 2;
    metrics.readShardsFrom({ heldShardCount: () => held });
    expect(await lines(metrics, 'flotilla_shards_held')).toEqual(['flotilla_shards_held 2']);
    held = 3;
    expect(await lines(metrics, 'flotilla_shards_held')).toEqual(['flotilla_shards_held 3']);
    expect(await lines(metrics, 'flotilla_shards_total')).toEqual(['flotilla_shards_total 4']);
  });

  it('tracks clusters as last checked and forgets deleted ones', async () => {
    const metrics = new MetricsService(config);
    metrics.replaceClusters([
      { name: 'prod', serverVersion: 'v1.31.2', connectionState: 'Successful' },
      { name: 'edge', serverVersion: null, connectionState: 'Failed' },
    ]);
    metrics.clusterChecked({ name: 'prod', serverVersion: 'v1.31.2', connectionState: 'Failed' });
    metrics.clusterForgotten('edge');
    expect(await lines(metrics, 'flotilla_cluster_info')).toEqual(['flotilla_cluster_info{name="prod",server_version="v1.31.2",connection_state="Failed"} 1']);
  });

  it('counts cluster API requests, git operations, renders, expansions, rollouts and deliveries', async () => {
    const metrics = new MetricsService(config);
    metrics.clusterRequest('prod', 'PATCH', '200');
    metrics.clusterRequest('prod', 'PATCH', '200');
    metrics.clusterRequest('prod', 'GET', 'error');
    metrics.gitRequest('fetch', 'success');
    metrics.gitRequest('ls-remote', 'AuthFailed');
    metrics.rendered('kustomize', 'success', 0.2);
    metrics.expanded('failure', 0.01);
    metrics.rolloutState('web', 'Progressing');
    metrics.rolloutState('web', 'Halted');
    metrics.observeDelivery('delivered');
    metrics.observeDelivery('dead');
    expect(await lines(metrics, 'flotilla_cluster_api_requests_total')).toEqual([
      'flotilla_cluster_api_requests_total{cluster="prod",verb="PATCH",code="200"} 2',
      'flotilla_cluster_api_requests_total{cluster="prod",verb="GET",code="error"} 1',
    ]);
    expect(await lines(metrics, 'flotilla_git_requests_total')).toEqual([
      'flotilla_git_requests_total{op="fetch",outcome="success"} 1',
      'flotilla_git_requests_total{op="ls-remote",outcome="AuthFailed"} 1',
    ]);
    expect(await lines(metrics, 'flotilla_render_duration_seconds_count')).toEqual(['flotilla_render_duration_seconds_count{tool="kustomize",outcome="success"} 1']);
    expect(await lines(metrics, 'flotilla_appset_expansion_duration_seconds_count')).toEqual(['flotilla_appset_expansion_duration_seconds_count{outcome="failure"} 1']);
    expect(await lines(metrics, 'flotilla_rollout_info')).toEqual(['flotilla_rollout_info{application_set="web",state="Halted"} 1']);
    expect(await lines(metrics, 'flotilla_notification_deliveries_total')).toEqual([
      'flotilla_notification_deliveries_total{outcome="delivered"} 1',
      'flotilla_notification_deliveries_total{outcome="dead"} 1',
    ]);
  });

  it("drops every request series of a cluster whose client was dropped, and no other cluster's", async () => {
    const metrics = new MetricsService(config);
    metrics.clusterRequest('prod', 'PATCH', '200');
    metrics.clusterRequest('prod', 'GET', 'error');
    metrics.clusterRequest('edge', 'GET', '200');
    metrics.clusterClientDropped('prod');
    metrics.clusterClientDropped('never-seen');
    expect(await lines(metrics, 'flotilla_cluster_api_requests_total')).toEqual(['flotilla_cluster_api_requests_total{cluster="edge",verb="GET",code="200"} 1']);
    metrics.clusterRequest('prod', 'GET', '200');
    expect(await lines(metrics, 'flotilla_cluster_api_requests_total')).toContain('flotilla_cluster_api_requests_total{cluster="prod",verb="GET",code="200"} 1');
  });

  it('keeps the rollout state only of sets that still roll out (deleted ones, or no longer RollingSync, go)', async () => {
    const metrics = new MetricsService(config);
    metrics.rolloutState('web', 'Completed');
    metrics.rolloutState('api', 'Progressing');
    metrics.keepRolloutsOf(new Set(['api', 'not-driven-yet']));
    expect(await lines(metrics, 'flotilla_rollout_info')).toEqual(['flotilla_rollout_info{application_set="api",state="Progressing"} 1']);
  });

  it('escapes label values as the text format requires', async () => {
    const metrics = new MetricsService(config);
    metrics.clusterChecked({ name: 'edge', serverVersion: 'v1.30.0+"k3s"\\1\nx', connectionState: 'Successful' });
    expect(await lines(metrics, 'flotilla_cluster_info')).toEqual(['flotilla_cluster_info{name="edge",server_version="v1.30.0+\\"k3s\\"\\\\1\\nx",connection_state="Successful"} 1']);
  });

  it('prints HELP and TYPE of the info metrics even before anything is known', async () => {
    const text = await new MetricsService(config).scrape();
    for (const name of ['flotilla_app_info', 'flotilla_cluster_info', 'flotilla_rollout_info']) {
      expect(text).toContain(`# HELP ${name} `);
      expect(text).toContain(`# TYPE ${name} gauge\n`);
    }
  });

  it('says whether the access policy file in force is the one on disk, starting with yes', async () => {
    const metrics = new MetricsService(config);
    expect(await lines(metrics, 'flotilla_access_policy_last_reload_successful')).toEqual(['flotilla_access_policy_last_reload_successful 1']);
    metrics.policyFileChecked(false);
    expect(await lines(metrics, 'flotilla_access_policy_last_reload_successful')).toEqual(['flotilla_access_policy_last_reload_successful 0']);
    metrics.policyFileChecked(true);
    expect(await lines(metrics, 'flotilla_access_policy_last_reload_successful')).toEqual(['flotilla_access_policy_last_reload_successful 1']);
  });

  it('gives each hub instance its own registry', async () => {
    const first = new MetricsService(config);
    const second = new MetricsService(config);
    first.gitRequest('fetch', 'success');
    expect(await lines(second, 'flotilla_git_requests_total')).toEqual([]);
  });
});
