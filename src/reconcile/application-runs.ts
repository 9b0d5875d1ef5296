import { Injectable } from '@nestjs/common';

/**
 * The applications this replica is reconciling now. The periodic pass, the change queue and manual requests all
 * go through it, so one application is never reconciled twice at once (two syncs would race on the cluster and
 * the history would show overlapping runs).
 */
@Injectable()
export class ApplicationRuns {
  private readonly running = new Map<string, Promise<unknown>>();
  /**
   * When each application's latest run ended, as a sequence number, for the passes under way to compare with their
   * mark (see `pass`). Only runs ending while a pass is under way are written down, and the map is emptied when the
   * last pass ends: it holds at most the applications run during one pass, and nothing on a replica that runs none
   * (holding no shard, it still takes manual requests).
   */
  private readonly endedAt = new Map<string, number>();
  private passesUnderWay = 0;
  private sequence = 0;

  /** Runs `task` as soon as no other run of `name` is under way. */
  async run<T>(name: string, task: () => Promise<T>): Promise<T> {
    for (let current = this.running.get(name); current; current = this.running.get(name)) await current.catch(() => undefined);
    return this.start(name, task);
  }

  /**
   * Runs a pass: `body` gets the mark of the moment the pass reads its applications. Through `runUnlessRanSince` the
   * pass then skips those another run was reconciling at that moment or has reconciled since: the row the pass holds
   * may predate that run's write.
   */
  async pass<T>(body: (mark: number) => Promise<T>): Promise<T> {
    this.passesUnderWay++;
    try {
      return await body(this.sequence);
    } finally {
      // No mark is left to compare with: every stamp is older than any mark to come.
      if (--this.passesUnderWay === 0) this.endedAt.clear();
    }
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
      const ended = ++this.sequence;
      // A run ending with no pass under way ends before the mark of any pass to come: no pass needs its stamp.
      if (this.passesUnderWay > 0) this.endedAt.set(name, ended);
      if (this.running.get(name) === run) this.running.delete(name);
    }
  }
}
