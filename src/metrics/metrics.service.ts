import { Inject, Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { InfoIndex } from './info-index';
import type {
  AppInfo,
  AppInfoRecorder,
  ClusterInfo,
  ClusterInfoRecorder,
  ClusterRequestRecorder,
  DeliveryOutcome,
  DeliveryRecorder,
  ExpansionRecorder,
  GitRequestRecorder,
  PolicyReloadRecorder,
  ReconcileRecorder,
  RenderRecorder,
  RolloutInfoRecorder,
  ShardsSource,
  SyncRecorder,
} from './recorders';

// From a fast no-op sync to a slow multi-wave one; the top buckets catch waits on health and slow API servers.
const SLOW_WORK_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];
const FAST_WORK_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * The hub's Prometheus metrics. One registry per hub instance (not prom-client's global), so several hubs in one
 * test process do not clash. Fleet gauges are info indexes kept current by the code that changes the state; the
 * scrape only prints them.
 */
@Injectable()
export class MetricsService
  implements
    SyncRecorder,
    ReconcileRecorder,
    AppInfoRecorder,
    ClusterInfoRecorder,
    ClusterRequestRecorder,
    GitRequestRecorder,
    RenderRecorder,
    ExpansionRecorder,
    RolloutInfoRecorder,
    DeliveryRecorder,
    PolicyReloadRecorder
{
  readonly registry = new Registry();
  private shards?: ShardsSource;

  private readonly httpRequests = this.counter('flotilla_http_requests_total', 'HTTP requests by method, route and status', ['method', 'route', 'status']);
  private readonly httpDuration = this.histogram('flotilla_http_request_duration_seconds', 'HTTP request latency by method, route and status', ['method', 'route', 'status'], [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]);
  private readonly syncs = this.counter('flotilla_app_sync_total', 'Sync attempts by final phase and trigger', ['phase', 'trigger']);
  private readonly syncDuration = this.histogram('flotilla_sync_duration_seconds', 'Duration of sync attempts (apply and prune, without the comparison around them)', [], SLOW_WORK_BUCKETS);
  private readonly reconcileDuration = this.histogram('flotilla_reconcile_duration_seconds', 'Reconcile duration: scope="pass" for a whole pass over this replica\'s applications, scope="application" for one', ['scope'], SLOW_WORK_BUCKETS);
  private readonly clusterRequests = this.counter('flotilla_cluster_api_requests_total', 'HTTP requests to cluster API servers by cluster, verb and status code ("error": no usable response)', ['cluster', 'verb', 'code']);
  /** The (verb, code) pairs counted per cluster: prom-client removes a series only by its full label set. */
  private readonly clusterRequestPairs = new Map<string, Map<string, { verb: string; code: string }>>();
  private readonly gitRequests = this.counter('flotilla_git_requests_total', 'git processes by subcommand and outcome', ['op', 'outcome']);
  private readonly renderDuration = this.histogram('flotilla_render_duration_seconds', 'Renders of sources not in the render cache, by tool and outcome', ['tool', 'outcome'], FAST_WORK_BUCKETS);
  private readonly expansionDuration = this.histogram('flotilla_appset_expansion_duration_seconds', 'ApplicationSet expansions (generators, templates, plan) by outcome', ['outcome'], FAST_WORK_BUCKETS);
  private readonly deliveries = this.counter('flotilla_notification_deliveries_total', 'Notification delivery attempts by outcome (dead: retries given up)', ['outcome']);
  // Starts at 1: the hub refuses to start on a policy it cannot use, so a running hub begins with the file in force.
  private readonly policyReload = this.gauge(
    'flotilla_access_policy_last_reload_successful',
    'Whether the access policy in force is what RBAC_POLICY_FILE holds (1), or the last check found the file missing or invalid and kept the previous policy (0)',
    [],
  );
  // Info metrics live outside the registry: they print pre-rendered lines (see InfoIndex).
  private readonly apps = new InfoIndex('flotilla_app_info', 'Applications of the shards this replica holds, with their sync and health status (value 1)', ['name', 'project', 'application_set', 'cluster', 'sync_status', 'health_status']);
  private readonly clusters = new InfoIndex('flotilla_cluster_info', 'Clusters as this replica last checked them (value 1)', ['name', 'server_version', 'connection_state']);
  private readonly rollouts = new InfoIndex('flotilla_rollout_info', 'Latest rollout state of each ApplicationSet this replica drove (value 1)', ['application_set', 'state']);

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    collectDefaultMetrics({ register: this.registry });
    const heldShards = () => this.shards?.heldShardCount() ?? 0;
    new Gauge({
      name: 'flotilla_shards_held',
      help: 'Shards this replica holds a lease on (read when scraped)',
      registers: [this.registry],
      collect() {
        this.set(heldShards());
      },
    });
    this.gauge('flotilla_shards_total', 'Shards the fleet is split into (sum of flotilla_shards_held over replicas should equal it)', []).set(config.sharding.shardCount);
    this.gauge('flotilla_reconcile_interval_seconds', 'Configured time between reconcile passes', []).set(config.reconcile.intervalSeconds);
    this.policyReload.set(1);
  }

  /** The sharding service hands over its reader once; the gauge reads it when scraped. */
  readShardsFrom(source: ShardsSource): void {
    this.shards = source;
  }

  observeHttp(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    this.httpRequests.inc(labels);
    this.httpDuration.observe(labels, seconds);
  }

  syncFinished(phase: string, trigger: string, seconds: number): void {
    this.syncs.inc({ phase, trigger });
    this.syncDuration.observe(seconds);
  }

  passFinished(seconds: number): void {
    this.reconcileDuration.observe({ scope: 'pass' }, seconds);
  }

  applicationReconciled(seconds: number): void {
    this.reconcileDuration.observe({ scope: 'application' }, seconds);
  }

  replaceApplications(apps: Iterable<AppInfo>): void {
    this.apps.replace(mapIterable(apps, (app) => [app.name, appLabels(app)]));
  }

  applicationChanged(app: AppInfo): void {
    this.apps.set(app.name, appLabels(app));
  }

  replaceClusters(clusters: Iterable<ClusterInfo>): void {
    this.clusters.replace(mapIterable(clusters, (cluster) => [cluster.name, clusterLabels(cluster)]));
  }

  clusterChecked(cluster: ClusterInfo): void {
    this.clusters.set(cluster.name, clusterLabels(cluster));
  }

  clusterForgotten(name: string): void {
    this.clusters.delete(name);
  }

  clusterRequest(cluster: string, verb: string, code: string): void {
    this.clusterRequests.inc({ cluster, verb, code });
    let pairs = this.clusterRequestPairs.get(cluster);
    if (!pairs) this.clusterRequestPairs.set(cluster, (pairs = new Map()));
    const pair = `${verb} ${code}`;
    if (!pairs.has(pair)) pairs.set(pair, { verb, code });
  }

  clusterClientDropped(cluster: string): void {
    for (const { verb, code } of this.clusterRequestPairs.get(cluster)?.values() ?? []) this.clusterRequests.remove({ cluster, verb, code });
    this.clusterRequestPairs.delete(cluster);
  }

  gitRequest(op: string, outcome: string): void {
    this.gitRequests.inc({ op, outcome });
  }

  rendered(tool: string, outcome: 'success' | 'failure', seconds: number): void {
    this.renderDuration.observe({ tool, outcome }, seconds);
  }

  expanded(outcome: 'success' | 'failure', seconds: number): void {
    this.expansionDuration.observe({ outcome }, seconds);
  }

  rolloutState(applicationSet: string, state: string): void {
    this.rollouts.set(applicationSet, { application_set: applicationSet, state });
  }

  keepRolloutsOf(rollingSets: ReadonlySet<string>): void {
    this.rollouts.retain(rollingSets);
  }

  observeDelivery(outcome: DeliveryOutcome): void {
    this.deliveries.inc({ outcome });
  }

  policyFileChecked(inForce: boolean): void {
    this.policyReload.set(inForce ? 1 : 0);
  }

  /** The exposition in Prometheus text format: the registry's metrics, then the info metrics. */
  async scrape(): Promise<string> {
    return (await this.registry.metrics()) + this.apps.exposition() + this.clusters.exposition() + this.rollouts.exposition();
  }

  private counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  private gauge<L extends string>(name: string, help: string, labelNames: readonly L[]): Gauge<L> {
    return new Gauge({ name, help, labelNames, registers: [this.registry] });
  }

  private histogram<L extends string>(name: string, help: string, labelNames: readonly L[], buckets: number[]): Histogram<L> {
    return new Histogram({ name, help, labelNames, buckets, registers: [this.registry] });
  }
}

function appLabels(app: AppInfo) {
  return { name: app.name, project: app.project, application_set: app.applicationSet ?? '', cluster: app.cluster, sync_status: app.syncStatus, health_status: app.healthStatus };
}

function clusterLabels(cluster: ClusterInfo) {
  return { name: cluster.name, server_version: cluster.serverVersion ?? '', connection_state: cluster.connectionState };
}

function* mapIterable<T, U>(items: Iterable<T>, map: (item: T) => U): Iterable<U> {
  for (const item of items) yield map(item);
}
