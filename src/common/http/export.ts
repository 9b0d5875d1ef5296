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

/** Rows fetched per query while exporting: big enough to be cheap, small enough to stay out of the way. */
const EXPORT_CHUNK = 500;

/** A CSV column: the view field it shows. */
export type ExportColumns<Row> = readonly (keyof Row & string)[];

/**
 * Every row of a keyset-ordered query, `chunkSize` rows per query: `fetch` gets the last row of the previous chunk
 * (undefined for the first) and returns up to `limit` rows after it. Each chunk is its own short query, so an export
 * holds no connection while the client reads (the embedded database has only one), and only one chunk is in memory.
 */
export async function* keysetRows<Row>(fetch: (after: Row | undefined, limit: number) => Promise<Row[]>, chunkSize = EXPORT_CHUNK): AsyncGenerator<Row> {
  let after: Row | undefined;
  for (;;) {
    const chunk = await fetch(after, chunkSize);
    yield* chunk;
    if (chunk.length < chunkSize) return;
    after = chunk[chunk.length - 1];
  }
}

/**
 * The answer of a list route asked for `?format=ndjson` or `?format=csv`: `rows` (the same views as the JSON page's
 * `items`) streamed as NDJSON, or as CSV with one column per name in `columns` (null as an empty field, objects and
 * arrays as JSON text). Rows are pulled only as fast as the client reads them, so memory stays constant whatever the
 * size. The first row is read before the answer starts, so a query that fails at once gets the ordinary error
 * answer (400, 503); a failure later cuts the connection, so a truncated export never looks complete.
 */
export async function streamExport<Row extends object>(format: ExportFormat, rows: AsyncIterable<Row>, columns: ExportColumns<Row>, fileName: string): Promise<StreamableFile> {
  const iterator = rows[Symbol.asyncIterator]();
  const first = await iterator.next();
  const toLine = format === 'ndjson' ? (row: Row) => `${JSON.stringify(row)}\n` : (row: Row) => csvLine(columns.map((column) => csvCell(row[column])));
  async function* lines(): AsyncGenerator<string> {
    if (format === 'csv') yield csvLine(columns);
    for (let next = first; !next.done; next = await iterator.next()) yield toLine(next.value);
  }
  return new StreamableFile(Readable.from(lines(), { objectMode: false }), {
    type: MEDIA_TYPES[format],
    disposition: `attachment; filename="${fileName}.${format}"`,
  });
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
