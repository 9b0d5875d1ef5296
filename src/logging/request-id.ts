import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The request's id: the incoming `X-Request-Id` when it is safe to log, a new UUID otherwise; echoed in the answer.
 * Given once per request, so the logs, the answer and the audit log all carry the same one.
 */
export function requestIdOf(req: IncomingMessage, res: ServerResponse): string {
  // pino-http declares `req.id`; only this function sets it, always to a string.
  if (typeof req.id === 'string') return req.id;
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  req.id = id;
  res.setHeader('X-Request-Id', id);
  return id;
}

/**
 * The first middleware: a request refused before routing (a malformed body, an unknown path) gets its id too, which
 * pino-http, whose middleware runs only once a request reaches the router, then reuses.
 */
export function assignRequestId(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  requestIdOf(req, res);
  next();
}
