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

export class Counters implements RequestCounters {
  private pairs = new Map<string, number>();
  private total = 0;

  record(verb: string, resource: string): void {
    this.total++;
    const key = `${verb} ${resource}`;
    this.pairs.set(key, (this.pairs.get(key) ?? 0) + 1);
  }

  snapshot(): CounterSnapshot {
    const snap: CounterSnapshot = { total: this.total, byVerb: {}, byResource: {}, byVerbAndResource: {} };
    for (const [key, n] of this.pairs) {
      const [verb, resource] = key.split(' ');
      snap.byVerbAndResource[key] = n;
      snap.byVerb[verb] = (snap.byVerb[verb] ?? 0) + n;
      snap.byResource[resource] = (snap.byResource[resource] ?? 0) + n;
    }
    return snap;
  }

  count(filter: { verb?: string; resource?: string }): number {
    let n = 0;
    for (const [key, value] of this.pairs) {
      const [verb, resource] = key.split(' ');
      if ((filter.verb === undefined || filter.verb === verb) && (filter.resource === undefined || filter.resource === resource)) n += value;
    }
    return n;
  }

  reset(): void {
    this.pairs = new Map();
    this.total = 0;
  }
}
