import { requeueIntervalsOf } from './engine';

/** How often the hub looks for sets whose generators want polling sooner than the periodic resync. */
export const GENERATOR_POLL_TICK_MS = 10_000;

/**
 * Argo CD requeues a set after the shortest `requeueAfterSeconds` among its generators (Git and
 * clusterDecisionResource: 3 minutes by default; plugin, pullRequest and scmProvider: 30 minutes). Here every set is
 * re-expanded on the periodic resync (APPSET_RESYNC_SECONDS, 3 minutes by default), which covers every default; a
 * set asking for less is also re-expanded when its own interval has passed, checked every GENERATOR_POLL_TICK_MS
 * (so intervals below it act as the tick). 0, as in Argo CD, asks for nothing beyond the regular passes.
 */
export class GeneratorPollSchedule {
  private readonly lastPolled = new Map<string, number>();

  constructor(private readonly resyncMs: number) {}

  /**
   * Whether any of these sets asks for polling sooner than the periodic resync (else a tick has nothing to do). `sets`
   * are every set there is: the times of others (deleted sets) are dropped here, on every tick, even one polling nothing.
   */
  anyPolled(sets: readonly { name: string; generators: unknown }[]): boolean {
    this.forgetAllBut(sets);
    return sets.some((set) => this.intervalsOf(set.generators).length > 0);
  }

  /** The sets due now, marked as polled at `now`. `sets` are all there are, as for `anyPolled`. */
  takeDue(sets: readonly { name: string; generators: unknown }[], now: number): string[] {
    this.forgetAllBut(sets);
    const due: string[] = [];
    for (const set of sets) {
      const intervals = this.intervalsOf(set.generators);
      if (intervals.length === 0) continue;
      const last = this.lastPolled.get(set.name);
      if (last !== undefined && now - last < Math.min(...intervals)) continue;
      this.lastPolled.set(set.name, now);
      // The first sighting only starts the clock: creating the set has just expanded it.
      if (last !== undefined) due.push(set.name);
    }
    return due;
  }

  /** At most one entry per set that exists: a deleted set's time would otherwise stay for the life of the process. */
  private forgetAllBut(sets: readonly { name: string }[]): void {
    if (this.lastPolled.size === 0) return;
    const present = new Set(sets.map((set) => set.name));
    for (const name of this.lastPolled.keys()) if (!present.has(name)) this.lastPolled.delete(name);
  }

  private intervalsOf(generators: unknown): number[] {
    return requeueIntervalsOf(generators)
      .map((seconds) => seconds * 1000)
      .filter((ms) => ms > 0 && ms < this.resyncMs);
  }
}
