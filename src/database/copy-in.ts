import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { type EntityManager, QueryFailedError } from 'typeorm';

// Lines are handed to the connection in pieces of about this many characters: one CopyData message each, so a
// piece's cost (a message header, a socket write) is paid per few hundred rows rather than per row.
const PIECE_CHARACTERS = 64 * 1024;

/**
 * `COPY … FROM STDIN` over a transaction's own connection: rows in PostgreSQL's text format, streamed as the caller
 * makes them. PostgreSQL inserts copied rows in batches (one WAL record per page of rows rather than per row, no
 * executor per row), which made writing 10,000 applications about a quarter cheaper than INSERT … SELECT from
 * jsonb_to_recordset (`bench:expand`, docs/benchmarks.md). Not available on PGlite, whose socket server does not
 * speak COPY's sub-protocol: the caller keeps a statement-based path for it.
 */
export class CopyIn {
  constructor(readonly available: boolean) {}

  /**
   * Sends `lines` (each from `copyTextLine`) through `statement` (a `COPY table (columns) FROM STDIN`) in `manager`'s
   * transaction. A refused row (a unique violation, say) rejects with TypeORM's QueryFailedError carrying the
   * driver's error, as a failed query would; the transaction is then aborted and the caller's rollback undoes it all.
   */
  async rows(manager: EntityManager, statement: string, lines: Iterable<string>): Promise<void> {
    const runner = manager.queryRunner;
    if (!runner) throw new Error('COPY runs in a transaction: pass the transaction’s EntityManager');
    const client = (await runner.connect()) as PoolClient;
    try {
      await pipeline(Readable.from(inPieces(lines)), client.query(copyFrom(statement)));
    } catch (error) {
      throw new QueryFailedError(statement, [], error as Error);
    }
  }
}

/**
 * One row in COPY's text format: fields separated by tabs, ended by a newline, `null` as `\N`; a backslash, tab,
 * newline or carriage return inside a field is escaped (JSON from JSON.stringify has no raw control characters, but
 * its escapes are backslashes).
 */
export function copyTextLine(fields: readonly (string | null)[]): string {
  let line = '';
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i];
    line += (i === 0 ? '' : '\t') + (field === null ? '\\N' : escaped(field));
  }
  return `${line}\n`;
}

const REPLACEMENTS: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function escaped(field: string): string {
  // Most fields need no escape. Four single-character searches (memchr-like in V8) tell so in 2–3 ms for 10,000
  // manifests, where a character-class regex took 4 ms.
  if (!field.includes('\\') && !field.includes('\t') && !field.includes('\n') && !field.includes('\r')) return field;
  return field.replace(/[\\\t\n\r]/g, (character) => REPLACEMENTS[character]);
}

/** `lines` joined into pieces of about PIECE_CHARACTERS, made one piece at a time as the connection takes them. */
function* inPieces(lines: Iterable<string>): Generator<string> {
  let piece = '';
  for (const line of lines) {
    piece += line;
    if (piece.length >= PIECE_CHARACTERS) {
      yield piece;
      piece = '';
    }
  }
  if (piece.length > 0) yield piece;
}
