type Labels<L extends string> = Record<L, string>;

/**
 * An info metric (value 1 per entity) kept by key as the entities change, each series rendered to its exposition
 * line when it changes. A scrape joins the lines it holds: no query, no rebuild, no per-scrape label formatting
 * (prom-client's gauge formats every label set on every scrape: 0.3 s at 10,000 applications, see bench:metrics).
 * A key has exactly one series: when its labels change, the old line is replaced.
 */
export class InfoIndex<L extends string> {
  private readonly lines = new Map<string, { labels: Labels<L>; line: string }>();
  private readonly header: string;

  constructor(
    private readonly name: string,
    help: string,
    private readonly labelNames: readonly L[],
  ) {
    this.header = `# HELP ${name} ${help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}\n# TYPE ${name} gauge\n`;
  }

  get size(): number {
    return this.lines.size;
  }

  set(key: string, labels: Labels<L>): void {
    const previous = this.lines.get(key);
    if (previous && this.labelNames.every((label) => previous.labels[label] === labels[label])) return;
    this.lines.set(key, { labels, line: this.render(labels) });
  }

  delete(key: string): void {
    this.lines.delete(key);
  }

  /** Drops every key not in `keys`; the others are left alone. */
  retain(keys: ReadonlySet<string>): void {
    for (const key of [...this.lines.keys()]) if (!keys.has(key)) this.lines.delete(key);
  }

  /** Makes the index exactly `entries`: keys not among them are dropped, unchanged ones are left alone. */
  replace(entries: Iterable<[string, Labels<L>]>): void {
    const seen = new Set<string>();
    for (const [key, labels] of entries) {
      seen.add(key);
      this.set(key, labels);
    }
    this.retain(seen);
  }

  /** The metric in the text exposition format (HELP and TYPE even when empty, like prom-client's own). */
  exposition(): string {
    let text = this.header;
    for (const { line } of this.lines.values()) text += line;
    return text;
  }

  private render(labels: Labels<L>): string {
    return `${this.name}{${this.labelNames.map((label) => `${label}="${escapeLabelValue(labels[label])}"`).join(',')}} 1\n`;
  }
}

/** The text format's escapes for label values: backslash, double quote and line feed. */
function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
