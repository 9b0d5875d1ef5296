/** What scripts/kube-api-fleet.ts and its parent (scripts/bench-cluster-processes.ts) say to each other over IPC. */

export interface FleetServer {
  name: string;
  server: string;
  token: string;
  caData: string;
  kubeconfig: string;
}

/** What the parent may ask; every request carries an id its answer repeats. */
export type FleetRequest =
  | { id: number; op: 'ping' }
  /** Requests the servers answered so far, all of them and the writes (create, update, patch, apply, delete). */
  | { id: number; op: 'counters' }
  /**
   * Polls the stored object on the servers at `indices` (this process's own numbering) until `path` reads `value`
   * on each, then answers the moment each one got there (`wallClockMs()`), `null` for those that did not within
   * `timeoutMs`.
   */
  | { id: number; op: 'await'; indices: number[]; typeKey: string; namespace: string; name: string; path: string[]; value: unknown; timeoutMs: number }
  | { id: number; op: 'stop' };

export interface FleetCounters {
  total: number;
  writes: number;
  /** By `verb resource` (`apply deployments.apps`), summed over the servers. */
  byVerbAndResource: Record<string, number>;
  /** The server process's own figures, for context: the clusters' side of the work. */
  cpuSeconds: number;
  rssBytes: number;
}

/** Milliseconds on a scale shared by the processes of one machine (time origin + monotonic offset). */
export const wallClockMs = (): number => performance.timeOrigin + performance.now();
