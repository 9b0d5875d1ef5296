/**
 * One reading, kept while a counter (a config generation) stands still and read again once it moved. A reading that
 * failed is not kept: the next caller reads again. The caller reads the counter before asking, so a change committed
 * in between makes the next look read again, never the reverse.
 */
export class KeptPerGeneration<T> {
  private kept?: { generation: string; reading: Promise<T> };

  constructor(private readonly read: () => Promise<T>) {}

  get(generation: string): Promise<T> {
    if (this.kept?.generation !== generation) {
      const reading = this.read();
      this.kept = { generation, reading };
      reading.catch(() => {
        if (this.kept?.reading === reading) this.kept = undefined;
      });
    }
    return this.kept.reading;
  }
}
