/**
 * The figures bench:rollout prints, computed from what the hub recorded: the rollout's steps (started, completed, bake)
 * and the sync runs it made (sync_runs: started → finished). No timing of its own, so the figures say what the records
 * say.
 */

export interface StepRecordTimes {
  step: number;
  applications: number;
  startedAt: Date;
  completedAt: Date;
  /** When the last of its applications was seen Healthy (the bake clock's start). */
  healthySince: Date;
  bakeMs: number;
}

export interface RunTimes {
  step: number;
  startedAt: Date;
  finishedAt: Date;
}

export interface StepFigures {
  step: number;
  applications: number;
  wallMs: number;
  /** The longest single sync of the step (the sync work the step had to wait for). */
  longestSyncMs: number;
  /** From the step's first sync start to its last sync finish. */
  syncSpanMs: number;
  bakeMs: number;
  /**
   * Wall − sync span − workload settle − bake: what the hub added (noticing the step is due, queueing its syncs,
   * seeing them settle, judging). The span, not the longest sync, is the step's sync work: a step of more
   * applications than the reconcile concurrency syncs in several waves, and that is sync work too.
   */
  overheadMs: number;
  /** The overhead's parts: step started → its first sync started; */
  toFirstSyncMs: number;
  /** last sync finished → the last application seen Healthy (less the workload settle); */
  toHealthySeenMs: number;
  /** bake ended → the step completed. */
  toCompletedMs: number;
  /** From the step's completion to the next step's first sync start (undefined for the last step). */
  gapToNextMs?: number;
}

/** Per-step figures; `settleMs` is the clusters' own time to report a workload available (not the hub's). */
export function stepFigures(steps: StepRecordTimes[], runs: RunTimes[], settleMs: number): StepFigures[] {
  return steps.map((step, i) => {
    const own = runs.filter((run) => run.step === step.step);
    const longestSyncMs = Math.max(0, ...own.map((run) => run.finishedAt.getTime() - run.startedAt.getTime()));
    const firstStart = Math.min(...own.map((r) => r.startedAt.getTime()));
    const lastFinish = Math.max(...own.map((r) => r.finishedAt.getTime()));
    const syncSpanMs = own.length === 0 ? 0 : lastFinish - firstStart;
    const wallMs = step.completedAt.getTime() - step.startedAt.getTime();
    const next = steps[i + 1];
    const nextRuns = next ? runs.filter((run) => run.step === next.step) : [];
    const gapToNextMs = nextRuns.length > 0 ? Math.min(...nextRuns.map((run) => run.startedAt.getTime())) - step.completedAt.getTime() : undefined;
    const healthy = step.healthySince.getTime();
    return {
      step: step.step,
      applications: step.applications,
      wallMs,
      longestSyncMs,
      syncSpanMs,
      bakeMs: step.bakeMs,
      overheadMs: wallMs - syncSpanMs - settleMs - step.bakeMs,
      toFirstSyncMs: own.length === 0 ? 0 : firstStart - step.startedAt.getTime(),
      toHealthySeenMs: own.length === 0 ? 0 : healthy - lastFinish - settleMs,
      toCompletedMs: step.completedAt.getTime() - healthy - step.bakeMs,
      gapToNextMs,
    };
  });
}

const WRITE = /^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?/i;
const CTE_WRITE = /^\s*WITH\s+\w+\s+AS\s+\(\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?/i;

/** The table a statement writes to, or undefined for a read. */
export function writtenTable(query: string): string | undefined {
  return (WRITE.exec(query) ?? CTE_WRITE.exec(query))?.[1];
}

/** Counts writing statements per table between `reset` calls. */
export class WriteCounter {
  private counts = new Map<string, number>();

  record(query: string): void {
    const table = writtenTable(query);
    if (table) this.counts.set(table, (this.counts.get(table) ?? 0) + 1);
  }

  reset(): void {
    this.counts = new Map();
  }

  total(): number {
    return [...this.counts.values()].reduce((sum, n) => sum + n, 0);
  }

  /** "table n, table n", largest first. */
  breakdown(perApp: number): string {
    return [...this.counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([table, n]) => `${table} ${(n / perApp).toFixed(1)}`)
      .join(', ');
  }
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
