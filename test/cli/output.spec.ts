import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock/fake-clock';
import { describeFailure } from '../../src/cli/client';
import { printTable, type Column, type Output } from '../../src/cli/output';

interface Row {
  name: string;
  status: string;
  message: string;
}

const COLUMNS: Column<Row>[] = [
  { header: 'NAME', value: (row) => row.name },
  { header: 'STATUS', value: (row) => row.status },
  { header: 'MESSAGE', value: (row) => row.message, wide: true },
];

function output(format: Output['format'], tty: { columns: number } | undefined): { out: Output; text: () => string } {
  let written = '';
  const out: Output = { format, clock: new FakeClock(), terminal: { write: (text) => (written += text), isTty: tty !== undefined, columns: tty?.columns } };
  return { out, text: () => written };
}

const ROWS: Row[] = [
  { name: 'my-api-production', status: 'Synced', message: 'a long message about what happened during the last sync' },
  { name: 'web', status: 'OutOfSync', message: '' },
];

describe('CLI output', () => {
  it('prints plain aligned columns when not on a terminal, the wide ones only with -o wide', () => {
    const plain = output('table', undefined);
    printTable(plain.out, ROWS, COLUMNS);
    expect(plain.text()).toBe(['NAME                STATUS', 'my-api-production   Synced', 'web                 OutOfSync', ''].join('\n'));
    const wide = output('wide', undefined);
    printTable(wide.out, ROWS, COLUMNS);
    expect(wide.text().split('\n')[0]).toMatch(/^NAME\s+STATUS\s+MESSAGE$/);
    expect(wide.text()).toContain('web                 OutOfSync   -');
  });

  it('fits a terminal by shortening the widest column, and colours status words only there', () => {
    const narrow = output('wide', { columns: 50 });
    printTable(narrow.out, ROWS, COLUMNS);
    const lines = narrow.text().trimEnd().split('\n');
    // eslint-disable-next-line no-control-regex
    const visible = (line: string) => line.replace(/\u001b\[\d+m/g, '');
    expect(Math.max(...lines.map((line) => visible(line).length))).toBeLessThanOrEqual(50);
    expect(lines[1]).toContain('…');
    expect(lines[1]).toContain('\u001b[32mSynced');
    expect(lines[2]).toContain('\u001b[31mOutOfSync');
  });

  it('prints json and yaml as the API answered, not the table', () => {
    const json = output('json', { columns: 80 });
    printTable(json.out, ROWS, COLUMNS, { items: ROWS });
    expect(JSON.parse(json.text())).toEqual({ items: ROWS });
    const yaml = output('yaml', undefined);
    printTable(yaml.out, ROWS.slice(1), COLUMNS);
    expect(yaml.text()).toBe('- name: web\n  status: OutOfSync\n  message: ""\n');
  });

  it('turns the hub error body into one line with every field and reason', () => {
    const body = { statusCode: 400, code: 'BadRequestBody', message: 'Invalid request body', details: [{ field: 'name', reason: 'must not be empty' }, { field: 'labels.x!', reason: 'invalid key' }] };
    expect(describeFailure('POST', '/api/v1/clusters', 400, body)).toBe('400 BadRequestBody: Invalid request body (name: must not be empty; labels.x!: invalid key)');
    expect(describeFailure('GET', '/api/v1/x', 502, 'Bad gateway')).toBe('GET /api/v1/x failed: HTTP 502');
  });
});
