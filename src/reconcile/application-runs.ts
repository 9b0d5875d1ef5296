import { Injectable } from '@nestjs/common';

/**
 * The applications this replica is reconciling now. The periodic pass, the change queue and manual requests all
 * go through it, so one application is never reconciled twice at once (two syncs would race on the cluster and
 * the history would show overlapping runs).
 */
@Injectable()
export class ApplicationRuns {
  private readonly running = new Map<string, Promise<unknown>>();
  /** When each application's latest run ended, as a sequence number (see `beginPass`). */
  private readonly endedAt = new Map<string, number>();
  private sequence = 0;

  /** Runs `task` as soon as no other run of `name` is under way. */
  async run<T>(name: string, task: () => Promise<T>): Promise<T> {
    for (let current = this.running.get(name); current; current = this.running.get(name)) await current.catch(() => undefined);
    return this.start(name, task);
  }

  /**
   * Marks the moment a pass reads its applications. Through `runUnlessRanSince` the pass then skips those another
   * run was reconciling at that moment or has reconciled since: the row the pass holds may predate that run's write.
   */
  beginPass(): number {
    const mark = this.sequence;
    // Only runs that end after the newest mark matter from now on; older stamps go, so the map stays small.
    for (const [name, ended] of this.endedAt) if (ended <= mark) this.endedAt.delete(name);
    return mark;
  }

  /** Runs `task` unless `name` is running now or a run of it ended after `mark`; undefined when it was skipped. */
  async runUnlessRanSince<T>(name: string, mark: number, task: () => Promise<T>): Promise<T | undefined> {
    if (this.running.has(name) || (this.endedAt.get(name) ?? 0) > mark) return undefined;
    return this.start(name, task);
  }

  private async start<T>(name: string, task: () => Promise<T>): Promise<T> {
    const run = task();
    this.running.set(name, run);
    try {
      return await run;
    } finally {
      this.endedAt.set(name, ++this.sequence);
      if (this.running.get(name) === run) this.running.delete(name);
    }
  }
}
