/**
 * The export part of bench:history: `GET /api/v1/history?format=ndjson|csv` over HTTP, rows/s and memory, next to
 * the alternative a client has without exports (following the JSON pages with the cursor, 1,000 runs a page).
 * Memory is sampled while the export runs, in this process, which is both the hub and its client: the peak RSS
 * above what it was before, and the peak live heap above it (see measured). A constant-memory export shows the
 * same peaks for 20,000 and 100,000 rows.
 */
import type { DataSource } from 'typeorm';

export const EXPORT_SIZES = [20_000, 100_000] as const;

interface Transfer {
  rows: number;
  bytes: number;
}

export interface ExportFigures extends Transfer {
  way: string;
  seconds: number;
  /** CPU time of this process (hub and client): on a busy machine, rows per CPU second say more than rows/s. */
  cpuSeconds: number;
  peakRssMb: number;
  peakHeapMb: number;
}

/** The `since` that makes the whole-fleet list exactly `rows` runs long (the newest ones). */
export async function sinceForRows(dataSource: DataSource, rows: number): Promise<string> {
  const [{ started_at: startedAt }] = await dataSource.query('SELECT started_at FROM sync_runs ORDER BY started_at DESC, id DESC OFFSET $1 LIMIT 1', [rows - 1]);
  return (startedAt as Date).toISOString();
}

/** Every way of getting the runs since `since` out of the hub at `url`, measured one after another; `report` gets each. */
export async function measureExports(url: string, token: string, since: string, report: (figures: ExportFigures) => void = () => undefined): Promise<ExportFigures[]> {
  const headers = { Authorization: `Bearer ${token}` };
  const list = `${url}/api/v1/history?since=${encodeURIComponent(since)}`;
  const ways: [string, () => Promise<Transfer>][] = [
    ['ndjson export', () => streamed(`${list}&format=ndjson`, headers, 0)],
    ['csv export', () => streamed(`${list}&format=csv`, headers, 1)],
    ['JSON pages of 1,000 (cursor)', () => pages(list, headers)],
  ];
  const figures: ExportFigures[] = [];
  for (const [way, transfer] of ways) {
    figures.push({ way, ...(await measured(transfer)) });
    if (figures.at(-1)!.rows !== figures[0].rows) throw new Error(`${way}: ${figures.at(-1)!.rows} rows, ${figures[0].way}: ${figures[0].rows}`);
    report(figures.at(-1)!);
  }
  return figures;
}

/** The rows of an export as they arrive (a line each; `headerLines` before them), without keeping the text. */
async function streamed(url: string, headers: Record<string, string>, headerLines: number): Promise<Transfer> {
  const response = await fetch(url, { headers });
  if (!response.ok || !response.body) throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
  let lines = 0;
  let bytes = 0;
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines++;
  }
  return { rows: lines - headerLines, bytes };
}

/** The same runs as a client gets them without exports: page after page, each parsed. */
async function pages(list: string, headers: Record<string, string>): Promise<Transfer> {
  let rows = 0;
  let bytes = 0;
  let cursor: string | undefined;
  do {
    const response = await fetch(`${list}&limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { headers });
    const text = await response.text();
    if (!response.ok) throw new Error(`GET ${list}: ${response.status} ${text}`);
    const page = JSON.parse(text) as { items: unknown[]; nextCursor?: string | null };
    rows += page.items.length;
    bytes += text.length;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { rows, bytes };
}

/**
 * Two passes of `transfer`: one timed, with the peak RSS above what it was before; then (when node runs with
 * --expose-gc) one with a full GC before each sample, whose peak heap is what the export holds live, not the
 * garbage a GC has not collected yet.
 */
async function measured(transfer: () => Promise<Transfer>): Promise<Omit<ExportFigures, 'way'>> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const timed = await sampled(transfer, 10, () => process.memoryUsage.rss());
  const live = gc ? await sampled(transfer, 250, () => (gc(), process.memoryUsage().heapUsed)) : undefined;
  return { ...timed.result, seconds: timed.seconds, cpuSeconds: timed.cpuSeconds, peakRssMb: timed.peakGrowth / 2 ** 20, peakHeapMb: live ? live.peakGrowth / 2 ** 20 : Number.NaN };
}

async function sampled(transfer: () => Promise<Transfer>, everyMs: number, measure: () => number): Promise<{ result: Transfer; seconds: number; cpuSeconds: number; peakGrowth: number }> {
  const before = measure();
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, measure());
  }, everyMs);
  const started = performance.now();
  const cpu = process.cpuUsage();
  try {
    const result = await transfer();
    const used = process.cpuUsage(cpu);
    return { result, seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6, peakGrowth: peak - before };
  } finally {
    clearInterval(sampler);
  }
}

export const EXPORT_HEADER = `${'export of the newest runs'.padEnd(30)} ${'rows'.padStart(8)} ${'s'.padStart(6)} ${'rows/s'.padStart(8)} ${'rows/CPU s'.padStart(10)} ${'MB/s'.padStart(6)} ${'peak RSS +MB'.padStart(13)} ${'live heap +MB'.padStart(14)}`;

/** One line of the table. */
export function exportLine(figure: ExportFigures): string {
  return `${figure.way.padEnd(30)} ${figure.rows.toLocaleString('en').padStart(8)} ${figure.seconds.toFixed(2).padStart(6)} ${Math.round(figure.rows / figure.seconds).toLocaleString('en').padStart(8)} ${Math.round(figure.rows / figure.cpuSeconds).toLocaleString('en').padStart(10)} ${(figure.bytes / 2 ** 20 / figure.seconds).toFixed(1).padStart(6)} ${figure.peakRssMb.toFixed(1).padStart(13)} ${figure.peakHeapMb.toFixed(1).padStart(14)}`;
}
