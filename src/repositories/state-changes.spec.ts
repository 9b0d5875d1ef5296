import { describe, expect, it } from 'vitest';
import { withCompanions } from './state-changes';

describe('withCompanions', () => {
  it('puts the change first as `changed`, each companion after it with its parameters renumbered past the change’s', () => {
    const change = { sql: 'UPDATE runs SET phase = $2 WHERE id = $1 RETURNING id', parameters: ['run-1', 'Succeeded'] };
    const companions = [
      { sql: 'INSERT INTO events (id, type) SELECT $1, $2 FROM changed', parameters: ['event-1', 'sync.succeeded'] },
      { sql: 'INSERT INTO marks (run, note) SELECT id, $1 FROM changed', parameters: ['noted'] },
    ];
    expect(withCompanions(change, companions, 'SELECT id FROM changed')).toEqual({
      sql: [
        'WITH changed AS (UPDATE runs SET phase = $2 WHERE id = $1 RETURNING id),',
        'companion_0 AS (INSERT INTO events (id, type) SELECT $3, $4 FROM changed),',
        'companion_1 AS (INSERT INTO marks (run, note) SELECT id, $5 FROM changed)',
        'SELECT id FROM changed',
      ].join('\n'),
      parameters: ['run-1', 'Succeeded', 'event-1', 'sync.succeeded', 'noted'],
    });
  });

  it('is the change alone without companions', () => {
    expect(withCompanions({ sql: 'DELETE FROM t WHERE id = $1 RETURNING id', parameters: [7] }, [], 'SELECT id FROM changed')).toEqual({
      sql: 'WITH changed AS (DELETE FROM t WHERE id = $1 RETURNING id)\nSELECT id FROM changed',
      parameters: [7],
    });
  });
});
