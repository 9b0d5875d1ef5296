/** A snapshot of the requests one instance has answered since start or the last reset. */
export interface CounterSnapshot {
  total: number;
  /** Keyed by Kubernetes verb: get, list, watch, create, update, patch (non-apply), apply, delete, deletecollection. */
  byVerb: Record<string, number>;
  /** Keyed by `resource` or `resource.group` (`deployments.apps`), and `discovery` for non-resource paths. */
  byResource: Record<string, number>;
  /** Keyed by `verb resource`, e.g. `apply deployments.apps`. */
  byVerbAndResource: Record<string, number>;
}

export interface RequestCounters {
  snapshot(): CounterSnapshot;
  /** Requests counted for one verb and/or resource (either may be omitted). */
  count(filter: { verb?: string; resource?: string }): number;
  reset(): void;
}

/** The requests counted for one verb and resource. */
interface Pair {
  verb: string;
  resource: string;
  n: number;
}

export class Counters implements RequestCounters {
  // By `verb resource`; each pair keeps its parts, so reading the counters never splits keys.
  private pairs = new Map<string, Pair>();
  private total = 0;

  record(verb: string, resource: string): void {
    this.total++;
    const key = `${verb} ${resource}`;
    const pair = this.pairs.get(key);
    if (pair) pair.n++;
    else this.pairs.set(key, { verb, resource, n: 1 });
  }

  snapshot(): CounterSnapshot {
    const snap: CounterSnapshot = { total: this.total, byVerb: {}, byResource: {}, byVerbAndResource: {} };
    for (const [key, { verb, resource, n }] of this.pairs) {
      snap.byVerbAndResource[key] = n;
      snap.byVerb[verb] = (snap.byVerb[verb] ?? 0) + n;
      snap.byResource[resource] = (snap.byResource[resource] ?? 0) + n;
    }
    return snap;
  }

  count(filter: { verb?: string; resource?: string }): number {
    let n = 0;
    for (const pair of this.pairs.values()) {
      if ((filter.verb === undefined || filter.verb === pair.verb) && (filter.resource === undefined || filter.resource === pair.resource)) n += pair.n;
    }
    return n;
  }

  reset(): void {
    this.pairs = new Map();
    this.total = 0;
  }
}
