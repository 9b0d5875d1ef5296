import { EventEmitter } from 'node:events';
import type { NextFunction, Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../clock/fake-clock';
import type { OutageMonitor } from '../common/errors/outages';
import type { AuditEventRepository } from '../repositories/audit-event.repository';
import { AuditTrail } from './audit-trail';
import { noteSessionEvent } from './session-events';

type Row = Parameters<AuditEventRepository['insert']>[0];

/** The trail over a repository that keeps its rows in memory. */
function trailWithRows(): { trail: AuditTrail; rows: Row[] } {
  const rows: Row[] = [];
  const events = { insert: async (row: Row) => void rows.push(row) } as unknown as AuditEventRepository;
  const outages = { recordIfOutage: () => undefined } as unknown as OutageMonitor;
  return { trail: new AuditTrail(events, new FakeClock('2026-03-10T12:00:00Z'), outages), rows };
}

/** A request to `path` that closes without its answer having gone out (the client hung up), with `status` set. */
async function hangUp(trail: AuditTrail, path: string, status: number, mark: (request: Request) => void = () => undefined): Promise<void> {
  const request = { method: 'POST', path, query: {}, headers: {}, baseUrl: '' } as unknown as Request;
  const response = Object.assign(new EventEmitter(), { statusCode: 200, writableFinished: false, setHeader: () => undefined }) as unknown as Response;
  trail.middleware()(request, response, (() => undefined) as NextFunction);
  mark(request);
  response.statusCode = status;
  response.emit('close');
  await trail.settled();
}

describe('AuditTrail on the sign-in routes', () => {
  it('records a sign-in whose client went away as 499, outcome unknown', async () => {
    const { trail, rows } = trailWithRows();
    await hangUp(trail, '/auth/token', 400);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'sign-in', path: '/auth/token', status: 499, changes: {} });
  });

  it('leaves out a request the rate limit refused, even when the client hangs up before the 429 has gone out', async () => {
    const { trail, rows } = trailWithRows();
    await hangUp(trail, '/auth/token', 429, (request) => noteSessionEvent(request, { rateLimited: true }));
    await hangUp(trail, '/auth/logout', 429, (request) => noteSessionEvent(request, { rateLimited: true }));
    expect(rows).toEqual([]);
  });
});
