/**
 * What the clusterDecisionResource generator reads the hub's own cluster through (Argo CD reads its own namespace
 * with the controller's service account). The engine stays free of Kubernetes clients: the hub passes an adapter
 * over its in-cluster connection (src/kubernetes `InClusterDecisionReader`). Every method rejects with an Error
 * whose message is safe to show (no tokens) and names what failed (in-cluster not enabled, an API server that
 * cannot be reached, a kind it does not serve): the generator fails with it, and a failed generator fails the whole
 * set, so nothing is deleted.
 */
export interface ClusterDecisionSource {
  /** The namespace both the ConfigMap and the decision resources are read from (Argo CD's own namespace). */
  readonly namespace: string;
  /** The `data` of ConfigMap `name` in that namespace; undefined when it does not exist. */
  configMapData(name: string): Promise<Record<string, string> | undefined>;
  /** Every object of one resource type in that namespace that the query selects (as the API server returns them). */
  listResources(query: DecisionResourceQuery): Promise<Record<string, unknown>[]>;
}

export interface DecisionResourceQuery {
  group: string;
  version: string;
  /** The resource (plural, lower case), as Argo CD takes it verbatim from the ConfigMap's `kind`. */
  resource: string;
  /** Selects one object by name (a `metadata.name` field selector); otherwise `labelSelector` selects. */
  name?: string;
  /** A label selector in Kubernetes' text form (`key=value,key in (a,b)`). */
  labelSelector?: string;
}
