import { describe, expect, it } from 'vitest';
import { asSyncError, httpSyncError, SyncError, type ErrorCategory, type SyncErrorReason } from './errors';

describe('httpSyncError', () => {
  const rows: { name: string; status: number; reason: SyncErrorReason; category: ErrorCategory }[] = [
    { name: 'request timeout', status: 408, reason: 'Timeout', category: 'transient' },
    { name: 'throttled', status: 429, reason: 'Throttled', category: 'transient' },
    { name: 'internal error', status: 500, reason: 'ServerError', category: 'transient' },
    { name: 'bad gateway', status: 502, reason: 'ServerError', category: 'transient' },
    { name: 'unavailable', status: 503, reason: 'ServerError', category: 'transient' },
    { name: 'gateway timeout', status: 504, reason: 'Timeout', category: 'transient' },
    { name: 'bad request', status: 400, reason: 'BadRequest', category: 'terminal' },
    { name: 'unauthorized', status: 401, reason: 'Unauthorized', category: 'terminal' },
    { name: 'forbidden', status: 403, reason: 'Forbidden', category: 'terminal' },
    { name: 'not found (e.g. missing namespace)', status: 404, reason: 'NotFound', category: 'terminal' },
    { name: 'conflict', status: 409, reason: 'Conflict', category: 'terminal' },
    { name: 'unsupported media type', status: 415, reason: 'BadRequest', category: 'terminal' },
    { name: 'invalid', status: 422, reason: 'Invalid', category: 'terminal' },
  ];
  it.each(rows)('$status $name → $category $reason', ({ status, reason, category }) => {
    const error = httpSyncError(status, 'x');
    expect(error).toMatchObject({ reason, category, httpStatus: status });
    expect(error.retryable).toBe(category === 'transient');
  });

  it('serializes without its cause', () => {
    const error = httpSyncError(429, 'slow down', '2', { headers: { authorization: 'Bearer secret' } });
    expect(JSON.parse(JSON.stringify(error))).toEqual({ reason: 'Throttled', category: 'transient', retryable: true, message: 'slow down', httpStatus: 429, retryAfterSeconds: 2 });
  });

  it('keeps Retry-After seconds', () => {
    expect(httpSyncError(429, 'slow down', '2').retryAfterSeconds).toBe(2);
    expect(httpSyncError(429, 'slow down', 'soon').retryAfterSeconds).toBeUndefined();
  });
});

describe('asSyncError (transport errors)', () => {
  const coded = (code: string): Error => Object.assign(new Error(code), { code });
  const rows: { name: string; error: unknown; reason: SyncErrorReason; category: ErrorCategory }[] = [
    { name: 'connection refused', error: coded('ECONNREFUSED'), reason: 'Unreachable', category: 'transient' },
    { name: 'connection reset', error: coded('ECONNRESET'), reason: 'Unreachable', category: 'transient' },
    { name: 'refused, nested as the cause', error: new Error('fetch failed', { cause: coded('ECONNREFUSED') }), reason: 'Unreachable', category: 'transient' },
    { name: 'node-fetch system error', error: Object.assign(new Error('request failed'), { type: 'system' }), reason: 'Unreachable', category: 'transient' },
    { name: 'socket timeout', error: coded('ETIMEDOUT'), reason: 'Timeout', category: 'transient' },
    { name: 'abort from the request timeout', error: Object.assign(new Error('aborted'), { name: 'AbortError' }), reason: 'Timeout', category: 'transient' },
    { name: 'timeout signal', error: Object.assign(new Error('timed out'), { name: 'TimeoutError' }), reason: 'Timeout', category: 'transient' },
    { name: 'certificate rejected', error: coded('SELF_SIGNED_CERT_IN_CHAIN'), reason: 'Internal', category: 'terminal' },
    { name: 'a plain bug', error: new TypeError('x is undefined'), reason: 'Internal', category: 'terminal' },
    { name: 'a string thrown', error: 'boom', reason: 'Internal', category: 'terminal' },
  ];
  it.each(rows)('$name → $category $reason', ({ error, reason, category }) => {
    expect(asSyncError(error)).toMatchObject({ reason, category });
  });

  it('passes SyncErrors through unchanged', () => {
    const original = new SyncError('Forbidden', 'no');
    expect(asSyncError(original)).toBe(original);
  });

  it('survives a cause cycle', () => {
    const a = new Error('a') as Error & { cause?: unknown };
    const b = new Error('b', { cause: a });
    a.cause = b;
    expect(asSyncError(a).reason).toBe('Internal');
  });
});
