import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, unavailabilityReason } from './database-unavailable';

function pgError(code: string, message = `SQLSTATE ${code}`): DatabaseError {
  const error = new DatabaseError(message, message.length, 'error');
  error.code = code;
  return error;
}

function socketError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, errno: -111, syscall: 'connect' });
}

const inQuery = (driverError: Error) => new QueryFailedError('SELECT 1', [], driverError);

describe('isDatabaseUnavailable', () => {
  const rows: { name: string; error: unknown; want: boolean }[] = [
    { name: 'a refused connection', error: socketError('ECONNREFUSED'), want: true },
    { name: 'a reset connection', error: socketError('ECONNRESET'), want: true },
    { name: 'every address refused (AggregateError)', error: new AggregateError([socketError('ECONNREFUSED'), socketError('ECONNREFUSED')]), want: true },
    { name: 'a connection exception (class 08) during a query', error: inQuery(pgError('08006')), want: true },
    { name: 'a terminated backend during a query (57P01)', error: inQuery(pgError('57P01', 'terminating connection due to administrator command')), want: true },
    { name: 'a crash shutdown (57P02)', error: inQuery(pgError('57P02')), want: true },
    { name: 'a server starting up (57P03)', error: pgError('57P03'), want: true },
    { name: 'too many connections (53300)', error: pgError('53300'), want: true },
    { name: 'a database not accepting connections, at connect (55000)', error: pgError('55000', 'database "x" is not currently accepting connections'), want: true },
    { name: 'a dropped database, at connect (3D000)', error: pgError('3D000'), want: true },
    { name: 'a lost connection during a query', error: inQuery(new Error('Connection terminated unexpectedly')), want: true },
    { name: 'a lost idle connection', error: new Error('Connection terminated unexpectedly'), want: true },
    { name: 'a pool that cannot connect in time', error: new Error('timeout exceeded when trying to connect'), want: true },
    { name: 'a connect timeout', error: new Error('Connection terminated due to connection timeout', { cause: new Error('Connection terminated unexpectedly') }), want: true },
    { name: 'a query read timeout', error: inQuery(new Error('Query read timeout')), want: true },
    { name: 'an outage wrapped with a cause', error: new Error('Could not load the registry', { cause: socketError('ECONNREFUSED') }), want: true },
    { name: '55000 raised by a running query (a bug)', error: inQuery(pgError('55000', 'currval of sequence "s" is not yet defined')), want: false },
    { name: 'a unique violation', error: inQuery(pgError('23505')), want: false },
    { name: 'NUL in text (22021)', error: inQuery(pgError('22021')), want: false },
    { name: 'a syntax error', error: inQuery(pgError('42601')), want: false },
    { name: 'an ordinary error', error: new Error('boom'), want: false },
    { name: 'not an error at all', error: 'ECONNREFUSED', want: false },
  ];
  it.each(rows)('$name → $want', ({ error, want }) => {
    expect(isDatabaseUnavailable(error)).toBe(want);
  });
});

describe('unavailabilityReason', () => {
  it('says what failed, without the query or its parameters', () => {
    const error = new QueryFailedError('SELECT secret FROM t WHERE token = $1', ['s3cret'], pgError('57P01', 'terminating connection due to administrator command'));
    expect(unavailabilityReason(error)).toBe('57P01: terminating connection due to administrator command');
    expect(unavailabilityReason(new AggregateError([socketError('ECONNREFUSED')]))).toBe('connection failed');
  });
});
