import { IN_CLUSTER_NAME, IN_CLUSTER_SERVER } from '../../domain/in-cluster';
import type { ApplicationDestination, ClusterInfo, ExpansionContext } from './types';

export interface ResolvedCluster {
  name: string;
  server: string;
}

export type DestinationResolution = { ok: true; cluster: ResolvedCluster } | { ok: false; reason: string };

/**
 * Resolves Application destinations to exactly one known cluster, by `server` or by `name` (never both, as in
 * Argo CD). The implicit in-cluster entry takes part when enabled and no registered cluster uses its URL.
 */
export class DestinationResolver {
  private readonly byServer = new Map<string, ResolvedCluster[]>();
  private readonly byName = new Map<string, ResolvedCluster[]>();

  /**
   * The resolver of `context`'s clusters, built once per list of clusters: the hub shares one frozen list among the
   * expansions of a config generation, and indexing 10,000 clusters again for each costs 10–20 ms.
   */
  static of(context: ExpansionContext): DestinationResolver {
    // A list that can change is indexed each time: only a frozen one is known to stay as it was indexed.
    if (!Object.isFrozen(context.clusters)) return new DestinationResolver(context);
    let built = resolvers.get(context.clusters);
    if (built === undefined) resolvers.set(context.clusters, (built = {}));
    return (built[context.inCluster?.enabled === true ? 'withInCluster' : 'registeredOnly'] ??= new DestinationResolver(context));
  }

  constructor(context: ExpansionContext) {
    const clusters: ResolvedCluster[] = context.clusters.map((cluster: ClusterInfo) => ({ name: cluster.name, server: cluster.server }));
    if (context.inCluster?.enabled && !clusters.some((cluster) => cluster.server === IN_CLUSTER_SERVER)) {
      clusters.push({ name: IN_CLUSTER_NAME, server: IN_CLUSTER_SERVER });
    }
    for (const cluster of clusters) {
      append(this.byServer, cluster.server, cluster);
      append(this.byName, cluster.name, cluster);
    }
  }

  resolve(destination: ApplicationDestination | undefined): DestinationResolution {
    if (destination === undefined || destination === null) return { ok: false, reason: 'spec.destination is missing' };
    const { server, name } = destination;
    if (server && name) return { ok: false, reason: 'spec.destination sets both server and name; only one is allowed' };
    if (!server && !name) return { ok: false, reason: 'spec.destination needs a server or a name' };
    const field = server ? 'server' : 'name';
    const value = (server || name) as string;
    const matches = (server ? this.byServer : this.byName).get(value) ?? [];
    if (matches.length === 0) return { ok: false, reason: `no registered cluster has ${field} "${value}"` };
    if (matches.length > 1) return { ok: false, reason: `${matches.length} registered clusters have ${field} "${value}"; the destination is ambiguous` };
    return { ok: true, cluster: matches[0] };
  }
}

const resolvers = new WeakMap<readonly ClusterInfo[], { withInCluster?: DestinationResolver; registeredOnly?: DestinationResolver }>();

function append(index: Map<string, ResolvedCluster[]>, key: string, cluster: ResolvedCluster): void {
  const list = index.get(key);
  if (list === undefined) index.set(key, [cluster]);
  else list.push(cluster);
}
