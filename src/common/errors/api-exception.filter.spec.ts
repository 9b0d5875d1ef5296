import type { ArgumentsHost } from '@nestjs/common';
import { Logger, NotFoundException } from '@nestjs/common';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiExceptionFilter } from './api-exception.filter';
import { DomainError } from './domain-error';
import { type Outage, OutageMonitor } from './outages';

const DOWN = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

class FakeOutages extends OutageMonitor {
  recordIfOutage(error: unknown): Outage | undefined {
    return error === DOWN ? { code: 'DatabaseUnavailable', message: 'The database is unavailable; retry later', retryAfterSeconds: 5 } : undefined;
  }
}

function answer(exception: unknown) {
  const sent: { status?: number; body?: unknown; headers: Record<string, string> } = { headers: {} };
  const response = {
    headersSent: false,
    setHeader: (name: string, value: string) => (sent.headers[name] = value),
    status(code: number) {
      sent.status = code;
      return this;
    },
    json: (body: unknown) => (sent.body = body),
  };
  const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
  new ApiExceptionFilter(new FakeOutages()).catch(exception, host);
  return sent;
}

describe('ApiExceptionFilter', () => {
  afterEach(() => vi.restoreAllMocks());

  it('answers a database outage with 503, Retry-After and DatabaseUnavailable, and leaves logging to the monitor', () => {
    const logged = vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    expect(answer(DOWN)).toEqual({
      status: 503,
      headers: { 'Retry-After': '5' },
      body: { statusCode: 503, code: 'DatabaseUnavailable', message: 'The database is unavailable; retry later' },
    });
    expect(logged).not.toHaveBeenCalled();
  });

  it('answers domain and HTTP errors with their own status, and anything else with a 500 that says nothing', () => {
    const logged = vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    expect(answer(new DomainError('NotFound', 'Cluster "x" not found'))).toMatchObject({ status: 404, body: { code: 'NotFound' }, headers: {} });
    expect(answer(new NotFoundException('Cannot GET /x'))).toMatchObject({ status: 404, body: { code: 'NotFound' } });
    expect(logged).not.toHaveBeenCalled();
    expect(answer(new Error('secret detail'))).toEqual({ status: 500, headers: {}, body: { statusCode: 500, code: 'InternalError', message: 'Internal server error' } });
    expect(logged).toHaveBeenCalledTimes(1);
  });
});
