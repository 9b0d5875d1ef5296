/**
 * Shares a read among concurrent callers without ever answering one of them with a read that began before it asked:
 * a caller arriving while a read is under way waits for the next read, which starts as that one ends and serves every
 * caller that arrived meanwhile. A burst of callers costs a few reads, not one each, and each still sees everything
 * committed before it asked.
 */
export class FreshReads<T> {
  private underWay?: Promise<T>;
  private next?: Promise<T>;

  constructor(private readonly read: () => Promise<T>) {}

  get(): Promise<T> {
    if (!this.underWay) return this.start();
    this.next ??= this.underWay.then(ignore, ignore).then(() => {
      this.next = undefined;
      return this.start();
    });
    return this.next;
  }

  private start(): Promise<T> {
    const reading = this.read().finally(() => {
      if (this.underWay === reading) this.underWay = undefined;
    });
    this.underWay = reading;
    return reading;
  }
}

function ignore(): void {}
