import { describe, expect, it } from 'vitest';
import { withCompanions } from './state-changes';

describe('withCompanions', () => {
  it('puts each change as `changed_i` with its companions after it, every parameter renumbered in turn, and selects from each', () => {
    const event = (id: string) => ({ sql: (changed: string) => `INSERT INTO events (id) SELECT $1 FROM ${changed}`, parameters: [id] });
    const end = (run: string) => ({ sql: 'UPDATE runs SET phase = $2 WHERE id = $1 RETURNING id', parameters: [run, 'Failed'] });
    expect(
      withCompanions(
        [
          { change: end('run-1'), companions: [event('event-1')] },
          { change: end('run-2'), companions: [] },
          { change: end('run-3'), companions: [event('event-3')] },
        ],
        (changed) => `SELECT id FROM ${changed}`,
      ),
    ).toEqual({
      sql: [
        'WITH changed_0 AS (UPDATE runs SET phase = $2 WHERE id = $1 RETURNING id),',
        'companion_0_0 AS (INSERT INTO events (id) SELECT $3 FROM changed_0),',
        'changed_1 AS (UPDATE runs SET phase = $5 WHERE id = $4 RETURNING id),',
        'changed_2 AS (UPDATE runs SET phase = $7 WHERE id = $6 RETURNING id),',
        'companion_2_0 AS (INSERT INTO events (id) SELECT $8 FROM changed_2)',
        'SELECT id FROM changed_0',
        'UNION ALL SELECT id FROM changed_1',
        'UNION ALL SELECT id FROM changed_2',
      ].join('\n'),
      parameters: ['run-1', 'Failed', 'event-1', 'run-2', 'Failed', 'run-3', 'Failed', 'event-3'],
    });
  });

  it('is the change alone without companions', () => {
    expect(withCompanions([{ change: { sql: 'DELETE FROM t WHERE id = $1 RETURNING id', parameters: [7] }, companions: [] }], (changed) => `SELECT id FROM ${changed}`)).toEqual({
      sql: 'WITH changed_0 AS (DELETE FROM t WHERE id = $1 RETURNING id)\nSELECT id FROM changed_0',
      parameters: [7],
    });
  });
});
