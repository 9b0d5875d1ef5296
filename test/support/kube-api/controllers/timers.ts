/** Keyed, cancellable timers that never keep the process alive and are all cleared on stop. */
export class Timers {
  private readonly pending = new Map<string, NodeJS.Timeout[]>();
  private stopped = false;

  /** Replaces the timers registered under `key` with new ones ([delayMs, action] pairs). */
  replace(key: string, steps: [number, () => void][]): void {
    this.cancel(key);
    if (this.stopped) return;
    const handles = steps.map(([delay, action]) => {
      const handle = setTimeout(() => {
        const left = (this.pending.get(key) ?? []).filter((h) => h !== handle);
        if (left.length > 0) this.pending.set(key, left);
        else this.pending.delete(key);
        action();
      }, delay);
      handle.unref();
      return handle;
    });
    this.pending.set(key, handles);
  }

  /** Registers an action only when none is pending under `key` (coalescing repeated triggers). */
  once(key: string, delayMs: number, action: () => void): void {
    if (this.pending.has(key)) return;
    this.replace(key, [[delayMs, action]]);
  }

  cancel(key: string): void {
    for (const handle of this.pending.get(key) ?? []) clearTimeout(handle);
    this.pending.delete(key);
  }

  stop(): void {
    this.stopped = true;
    for (const key of [...this.pending.keys()]) this.cancel(key);
  }
}
