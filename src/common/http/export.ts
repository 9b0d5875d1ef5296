import { Readable } from 'node:stream';
import { StreamableFile } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { z } from 'zod';
import { openApiSchema } from './openapi';

/** json: one page (limit, cursor); ndjson and csv: every row that matches the filters, streamed. */
export const LIST_FORMATS = ['json', 'ndjson', 'csv'] as const;
export type ListFormat = (typeof LIST_FORMATS)[number];
export type ExportFormat = Exclude<ListFormat, 'json'>;

/** The `format` query parameter of a list route that exports; spread it into the route's (strict) query schema. */
export const formatQuery = {
  format: z
    .enum(LIST_FORMATS)
    .default('json')
    .describe('json: one page; ndjson (one JSON object a line) or csv (RFC 4180 with a header row): every matching row, streamed (limit and cursor apply to json only)'),
};

const MEDIA_TYPES: Record<ExportFormat, string> = { ndjson: 'application/x-ndjson', csv: 'text/csv; charset=utf-8' };

/**
 * Rows fetched per query while exporting. Each chunk costs a query (planning, a round trip, a keyset probe) and
 * becomes one write, so bigger chunks are cheaper per row; 2,000 runs with their labels are about 1 MB, and at most
 * two chunks are in memory at once (the one being sent and the one being fetched).
 */
export const EXPORT_CHUNK = 2000;

/** A CSV column: the view field it shows. */
export type ExportColumns<Row> = readonly (keyof Row & string)[];

/**
 * Every row of a keyset-ordered query, in chunks of up to `chunkSize`: `fetch` gets the last row of the previous
 * chunk (undefined for the first) and returns up to `limit` rows after it. Each chunk is its own short query, so an
 * export holds no connection while the client reads (the embedded database has only one). The next chunk is asked
 * for as soon as this one is in hand, so the database works while this one is mapped and sent, and at most two
 * chunks are in memory.
 */
export async function* keysetChunks<Row>(fetch: (after: Row | undefined, limit: number) => Promise<Row[]>, chunkSize = EXPORT_CHUNK): AsyncGenerator<Row[]> {
  let pending: Promise<Row[]> | undefined = prefetched(fetch(undefined, chunkSize));
  while (pending) {
    const chunk: Row[] = await pending;
    pending = chunk.length < chunkSize ? undefined : prefetched(fetch(chunk[chunk.length - 1], chunkSize));
    if (chunk.length > 0) yield chunk;
  }
}

/**
 * A fetch started ahead of its use: a failure surfaces when it is awaited, never as an unhandled rejection
 * meanwhile (nor when the client went away and it is never awaited).
 */
function prefetched<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** Maps each chunk of rows to the views an export shows. */
export async function* mapChunks<Row, View>(chunks: AsyncIterable<Row[]>, toView: (row: Row) => View): AsyncGenerator<View[]> {
  for await (const chunk of chunks) yield chunk.map(toView);
}

/**
 * The answer of a list route asked for `?format=ndjson` or `?format=csv`: `chunks` of rows (the same views as the
 * JSON page's `items`) streamed as NDJSON, or as CSV with one column per name in `columns` (null as an empty field,
 * objects and arrays as JSON text). Each chunk is written as one string: a write per row costs more than the row's
 * serialisation. Chunks are pulled only as fast as the client reads them, so memory stays constant whatever the
 * size. The first chunk is read before the answer starts, so a query that fails at once gets the ordinary error
 * answer (400, 503); a failure later cuts the connection, so a truncated export never looks complete.
 */
export async function streamExport<Row extends object>(
  format: ExportFormat,
  chunks: AsyncIterable<readonly Row[]> | Iterable<readonly Row[]>,
  columns: ExportColumns<Row>,
  fileName: string,
): Promise<StreamableFile> {
  const iterator = Symbol.asyncIterator in chunks ? chunks[Symbol.asyncIterator]() : chunks[Symbol.iterator]();
  const first = await iterator.next();
  const toText = format === 'ndjson' ? ndjsonText : (chunk: readonly Row[]) => csvText(chunk, columns);
  async function* texts(): AsyncGenerator<string> {
    if (format === 'csv') yield csvLine(columns);
    for (let next = first; !next.done; next = await iterator.next()) yield toText(next.value);
  }
  return new StreamableFile(Readable.from(texts(), { objectMode: false }), {
    type: MEDIA_TYPES[format],
    disposition: `attachment; filename="${fileName}.${format}"`,
  });
}

function ndjsonText(rows: readonly object[]): string {
  let text = '';
  for (const row of rows) text += `${JSON.stringify(row)}\n`;
  return text;
}

function csvText<Row extends object>(rows: readonly Row[], columns: ExportColumns<Row>): string {
  let text = '';
  for (const row of rows) text += csvLine(columns.map((column) => csvCell(row[column])));
  return text;
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value as string | number | boolean);
}

/** RFC 4180: CRLF line ends; a field with a comma, a quote, CR or LF is quoted, and its quotes doubled. */
function csvLine(fields: readonly string[]): string {
  return `${fields.map((field) => (/[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field)).join(',')}\r\n`;
}

/** The 200 answer of a list route that exports: the JSON page, each NDJSON line (one item), and CSV text. */
export function ApiListAnswer(page: z.ZodType, item: z.ZodType, description: string): MethodDecorator {
  return ApiResponse({
    status: 200,
    description: `${description}; with ?format=ndjson or ?format=csv, every matching row`,
    content: {
      'application/json': { schema: openApiSchema(page, 'output') },
      'application/x-ndjson': { schema: openApiSchema(item, 'output') },
      'text/csv': { schema: { type: 'string', description: 'A header row, then one row per item; nested values as JSON text' } },
    },
  });
}
