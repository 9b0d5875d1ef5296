import { stringify } from 'yaml';
import type { Clock } from '../clock/clock';
import { CliError, EXIT } from './exit-codes';

export const OUTPUT_FORMATS = ['table', 'wide', 'json', 'yaml'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface Column<T> {
  header: string;
  /** `now` (ms) for relative times such as AGE. */
  value: (row: T, now: number) => string | number | boolean | null | undefined;
  /** Shown only with `-o wide`. */
  wide?: boolean;
}

/** Where output goes and what it may use: colours and the terminal width only when stdout is a terminal. */
export interface Terminal {
  write(text: string): void;
  isTty: boolean;
  columns: number | undefined;
}

export const stdoutTerminal = (): Terminal => ({
  write: (text) => process.stdout.write(text),
  isTty: process.stdout.isTTY === true,
  columns: process.stdout.isTTY ? process.stdout.columns : undefined,
});

/** What a command prints with: the format asked for, the terminal, and the clock AGE columns count from. */
export interface Output {
  format: OutputFormat;
  terminal: Terminal;
  clock: Clock;
}

export function parseFormat(value: string): OutputFormat {
  if ((OUTPUT_FORMATS as readonly string[]).includes(value)) return value as OutputFormat;
  throw new CliError(`-o: must be one of ${OUTPUT_FORMATS.join(', ')}`, EXIT.usage);
}

/** json and yaml print what the hub answered, unchanged, so scripts see the API's own fields. */
export function printData({ terminal, format }: Output, data: unknown): boolean {
  if (format === 'json') terminal.write(`${JSON.stringify(data, null, 2)}\n`);
  else if (format === 'yaml') terminal.write(stringify(data));
  else return false;
  return true;
}

export function printTable<T>(output: Output, rows: T[], columns: Column<T>[], raw: unknown = rows): void {
  if (printData(output, raw)) return;
  const { terminal, format } = output;
  const now = output.clock.now().getTime();
  const shown = columns.filter((column) => format === 'wide' || !column.wide);
  const cells = rows.map((row) => shown.map((column) => cellText(column.value(row, now))));
  const widths = fitWidths(
    shown.map((column, index) => Math.max(column.header.length, ...cells.map((line) => line[index].length))),
    terminal.columns,
  );
  const lines = [shown.map((column) => column.header), ...cells].map((line, lineIndex) =>
    line
      .map((cell, index) => {
        const text = truncate(cell, widths[index]);
        const padded = index === line.length - 1 ? text : text.padEnd(widths[index]);
        return lineIndex === 0 ? padded : colour(terminal, padded, cell);
      })
      .join('   ')
      .trimEnd(),
  );
  terminal.write(`${lines.join('\n')}\n`);
}

/** One object as KEY: value lines (get commands without -o json/yaml). */
export function printFields(output: Output, fields: [string, unknown][], raw: unknown): void {
  if (printData(output, raw)) return;
  const { terminal } = output;
  const width = Math.max(...fields.map(([key]) => key.length)) + 1;
  terminal.write(`${fields.map(([key, value]) => `${`${key}:`.padEnd(width)} ${colour(terminal, cellText(value as string), cellText(value as string))}`).join('\n')}\n`);
}

function cellText(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined || value === '') return '-';
  return String(value).replace(/\s+/g, ' ');
}

/** Shrinks the widest columns first until the table fits the terminal; never below 8 characters a column. */
function fitWidths(widths: number[], columns: number | undefined): number[] {
  if (!columns) return widths;
  const fitted = [...widths];
  const total = () => fitted.reduce((sum, width) => sum + width, 0) + 3 * (fitted.length - 1);
  while (total() > columns) {
    const widest = fitted.indexOf(Math.max(...fitted));
    if (fitted[widest] <= 8) break;
    fitted[widest] -= 1;
  }
  return fitted;
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

const GOOD = new Set(['Synced', 'Healthy', 'Succeeded', 'Successful', 'Completed', 'create', 'true']);
const BAD = new Set(['OutOfSync', 'Degraded', 'Missing', 'Failed', 'Error', 'Halted', 'Aborted', 'delete', 'false']);
const PENDING = new Set(['Progressing', 'Running', 'Unknown', 'Paused', 'Waiting', 'update']);

/** Status words in colour on a terminal only (and never with NO_COLOR), so piped output stays plain text. */
export function colour(terminal: Terminal, padded: string, word: string): string {
  if (!terminal.isTty || process.env.NO_COLOR !== undefined) return padded;
  const code = GOOD.has(word) ? 32 : BAD.has(word) ? 31 : PENDING.has(word) ? 33 : undefined;
  return code === undefined ? padded : `\u001b[${code}m${padded}\u001b[0m`;
}

export function age(timestamp: string | null | undefined, now: number): string {
  if (!timestamp) return '-';
  const seconds = Math.max(0, Math.round((now - Date.parse(timestamp)) / 1000));
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)}h`;
  return `${Math.round(seconds / 86_400)}d`;
}

export const labelsText = (labels: Record<string, string> | undefined): string =>
  Object.entries(labels ?? {})
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
