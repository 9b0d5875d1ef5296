import type { Timer } from '../clock/clock';

/**
 * What a queued key is for. A `change` may have something to apply (a new or changed application, a new commit, a
 * pass); a `look` only reads again an application already synced, to see its workloads settle.
 */
export type WorkLane = 'change' | 'look';

export interface WorkQueueOptions {
  /** Keys processed at the same time, at most. */
  readonly concurrency: number;
  process(key: string): Promise<void>;
  /** Told about a `process` that failed; the queue carries on with the next key. */
  onError(key: string, error: unknown): void;
  /**
   * A look counts as queued this much later than it was, for its place among the changes (default 1 s): it goes before
   * the changes queued after that, never before those queued earlier.
   */
  readonly lookYieldMs?: number;
  /** How long a look waits at most for the changes, or a pass, under way (default 10 s). */
  readonly lookWaitMs?: number;
  /** The time in milliseconds, and a timer: the queue wakes a look whose wait is over (the hub passes its clock's). */
  readonly now?: () => number;
  readonly schedule?: (ms: number, task: () => void) => Timer;
}

const LOOK_YIELD_MS = 1_000;
// A change or a pass slowed by unreachable clusters (each holding its slot until its requests time out) may take
// minutes; a look is let go after this long, the longest gap between two looks at a settling application.
const LOOK_WAIT_MS = 10_000;

/**
 * A queue of keys in the manner of client-go's workqueue: a key already waiting is not queued twice, a key is
 * never processed twice at once, and a key added while it is being processed earns exactly one more run after
 * this one (the change may have come too late for the run under way). Keys are taken in the order they came.
 *
 * Looks yield to changes: a look goes before the changes queued more than `lookYieldMs` after it, never before those
 * queued earlier, and with no change waiting it starts once no change runs, or once it has waited `lookWaitMs`. A
 * pass (`passUnderWay`), which reconciles its applications outside the queue, counts as changes queued when it began
 * and running until it ends. A fleet-wide change then reaches every cluster before the hub spends its time watching
 * the first ones settle: a look costs the same reads and status write as a reconcile, and looks run beside a
 * 200-cluster rollout or pass made a seventh to a third of its cluster calls (docs/benchmarks.md, fourteenth run). The
 * looks follow right after, none waits behind a steady stream of changes queued after it, and a change or pass held
 * up by unreachable clusters holds them `lookWaitMs` at most. A key queued for both is a change.
 */
export class WorkQueue {
  // Maps keep insertion order: each lane is a FIFO and its own "already waiting" check, with when each key was queued.
  private readonly changes = new Map<string, number>();
  private readonly looks = new Map<string, number>();
  private readonly running = new Set<string>();
  /** How many of those running are changes. */
  private runningChanges = 0;
  private readonly runAgain = new Map<string, WorkLane>();
  /** Told when a key's run ends with no run of it to follow (`addAndWait`). */
  private readonly finishWaiters = new Map<string, (() => void)[]>();
  private lookWake?: { readonly at: number; readonly timer: Timer };
  /** When each pass under way began. */
  private readonly passesBegun = new Set<{ readonly at: number }>();
  private idleWaiters: (() => void)[] = [];
  private closed = false;
  private readonly lookYieldMs: number;
  private readonly lookWaitMs: number;
  private readonly now: () => number;

  constructor(private readonly options: WorkQueueOptions) {
    this.lookYieldMs = options.lookYieldMs ?? LOOK_YIELD_MS;
    this.lookWaitMs = options.lookWaitMs ?? LOOK_WAIT_MS;
    this.now = options.now ?? (() => performance.now());
  }

  add(key: string, lane: WorkLane = 'change'): void {
    if (this.closed) return;
    if (this.running.has(key)) {
      if (lane === 'change' || !this.runAgain.has(key)) this.runAgain.set(key, lane);
    } else if (lane === 'change') {
      this.looks.delete(key);
      if (!this.changes.has(key)) this.changes.set(key, this.now());
    } else if (!this.changes.has(key) && !this.looks.has(key)) {
      this.looks.set(key, this.now());
    }
    this.startNext();
  }

  /**
   * Adds `keys` as changes, and resolves once each has finished a run that began after this call (or the queue was
   * closed): a key running now runs once more first, as `add` has it.
   */
  addAndWait(keys: readonly string[]): Promise<void> {
    if (this.closed) return Promise.resolve();
    const finished = keys.map((key) => new Promise<void>((resolve) => this.finishWaiters.set(key, [...(this.finishWaiters.get(key) ?? []), resolve])));
    for (const key of keys) this.add(key);
    return Promise.all(finished).then(() => undefined);
  }

  /**
   * A pass has begun outside the queue: until the returned function is called (at its end; calling it again does
   * nothing), looks wait for it as for changes under way, and those whose turn comes after now also let the changes
   * queued meanwhile go first.
   */
  passUnderWay(): () => void {
    const pass = { at: this.now() };
    this.passesBegun.add(pass);
    return () => {
      if (this.passesBegun.delete(pass)) this.startNext();
    };
  }

  /** Resolves once nothing is waiting or being processed. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Takes no more keys and drops those waiting; the ones under way finish. */
  close(): void {
    this.closed = true;
    this.changes.clear();
    this.looks.clear();
    this.runAgain.clear();
    for (const key of [...this.finishWaiters.keys()]) this.finished(key);
    this.startNext();
  }

  private isIdle(): boolean {
    return this.changes.size === 0 && this.looks.size === 0 && this.running.size === 0;
  }

  private startNext(): void {
    for (let next = this.next(); next !== undefined; next = this.next()) this.start(next.key, next.lane);
    this.wakeForLooks();
    if (this.isIdle()) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  /**
   * In the order they came, a look counting as queued `lookYieldMs` later than it was: it goes before the changes
   * queued after that, never before those queued earlier (a fleet-wide change queued at once all goes first). With no
   * change waiting, a look starts once no change (or pass) runs or its wait is over. A pass begun before a look's turn
   * counts as changes queued before it.
   */
  private next(): { key: string; lane: WorkLane } | undefined {
    if (this.running.size >= this.options.concurrency) return undefined;
    const change = this.changes.entries().next();
    const look = this.looks.entries().next();
    if (!look.done && this.lookGoesNow(look.value[1], change.done ? undefined : change.value[1])) return { key: look.value[0], lane: 'look' };
    return change.done ? undefined : { key: change.value[0], lane: 'change' };
  }

  /** Whether the oldest look, queued at `queuedAt`, goes before the oldest change waiting (queued at `changeQueuedAt`). */
  private lookGoesNow(queuedAt: number, changeQueuedAt: number | undefined): boolean {
    const turn = queuedAt + this.lookYieldMs;
    const waitOver = this.now() >= queuedAt + this.lookWaitMs;
    if (!waitOver && this.passBegunBy(turn)) return false;
    if (changeQueuedAt !== undefined) return changeQueuedAt > turn;
    return waitOver || !this.changesUnderWay();
  }

  private passBegunBy(time: number): boolean {
    for (const pass of this.passesBegun) if (pass.at <= time) return true;
    return false;
  }

  private changesUnderWay(): boolean {
    return this.runningChanges > 0 || this.passesBegun.size > 0;
  }

  private start(key: string, lane: WorkLane): void {
    if (lane === 'change') this.changes.delete(key);
    else this.looks.delete(key);
    this.running.add(key);
    if (lane === 'change') this.runningChanges += 1;
    void this.processOne(key, lane);
  }

  /**
   * While looks wait for the changes under way with a slot free, a timer for the end of the oldest one's wait: a slow
   * change or pass must not hold them past it. (With every slot taken, the next finish looks again; the end of the
   * changes or the pass lets them go earlier.)
   */
  private wakeForLooks(): void {
    const oldest = this.looks.values().next();
    const waiting = !oldest.done && this.changesUnderWay() && this.running.size < this.options.concurrency;
    const at = waiting ? oldest.value + this.lookWaitMs : undefined;
    if (this.lookWake?.at === at) return;
    this.lookWake?.timer.cancel();
    this.lookWake = undefined;
    if (at === undefined || this.options.schedule === undefined) return;
    this.lookWake = {
      at,
      timer: this.options.schedule(Math.max(0, at - this.now()), () => {
        this.lookWake = undefined;
        this.startNext();
      }),
    };
  }

  private async processOne(key: string, lane: WorkLane): Promise<void> {
    try {
      await this.options.process(key);
    } catch (error) {
      this.options.onError(key, error);
    } finally {
      this.running.delete(key);
      if (lane === 'change') this.runningChanges -= 1;
      const again = this.runAgain.get(key);
      this.runAgain.delete(key);
      if (again !== undefined && !this.closed) this.add(key, again);
      else {
        this.finished(key);
        this.startNext();
      }
    }
  }

  private finished(key: string): void {
    const waiters = this.finishWaiters.get(key);
    this.finishWaiters.delete(key);
    for (const resolve of waiters ?? []) resolve();
  }
}
