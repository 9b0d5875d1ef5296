import type { Request } from 'express';
import { type RequestDescription, storable } from './request-summary';

/**
 * What `src/sso` tells the audit trail about a sign-in or sign-out on the anonymous `/auth` routes; the trail reads it
 * when the answer has gone out. The session's id, never its secret; a refusal's class, never the provider's text.
 */
export interface SessionEventNote {
  /** The session started or ended. */
  sessionId?: string;
  /** The OIDC subject of that session: the actor, as the policy and every other audit row name a signed-in person. */
  subject?: string;
  /** Why it was refused (`state-mismatch`, `invalid-id-token`, ...: src/sso/sign-in-refusal.ts). */
  refusal?: string;
  /**
   * Refused by the sign-in rate limit (429): never recorded, whatever happens to the connection, or one client could
   * write rows as fast as it sends.
   */
  rateLimited?: boolean;
}

type NotedRequest = Request & { sessionEvent?: SessionEventNote };

const SESSION_PREFIX = '/auth/';
/** The anonymous routes that start or end a session, and their actions; `/auth/config` and `/auth/login` start nothing. */
const SESSION_ROUTES: Record<string, string> = { 'GET /auth/callback': 'sign-in', 'POST /auth/token': 'sign-in', 'POST /auth/logout': 'sign-out' };
const MAX_PATH = 1024;
const MAX_NAME = 253;
/** nginx's "client closed request", the trail's status for an answer that never went out: its outcome is unknown. */
const CLIENT_WENT_AWAY = 499;
/** The classes of src/sso/sign-in-refusal.ts the trail falls back to for a refusal nothing was noted about. */
const INVALID_REQUEST = 'invalid-request';
const HUB_ERROR = 'hub-error';

export function noteSessionEvent(request: Request, note: SessionEventNote): void {
  const noted = request as NotedRequest;
  noted.sessionEvent = { ...noted.sessionEvent, ...note };
}

export function sessionEventOf(request: Request): SessionEventNote | undefined {
  return (request as NotedRequest).sessionEvent;
}

/** Whether the trail follows a request to see if it is a sign-in or sign-out (decided once it is answered). */
export function mayBeSessionEvent(path: string): boolean {
  return path.startsWith(SESSION_PREFIX);
}

/**
 * The action of a sign-in route (`sign-in`, `sign-out`), by the route template, or by the path for a request refused
 * before routing (a body the parser refused); undefined for any other request. HEAD runs the GET handler, so it counts.
 */
export function sessionActionOf(method: string, route: string | undefined, path: string): string | undefined {
  return SESSION_ROUTES[`${method === 'HEAD' ? 'GET' : method} ${route ?? path}`];
}

/**
 * A sign-in or sign-out as an audit row: the subject as actor (`anonymous` when none was verified), the resource
 * `sessions/<id>`, and for a refusal its class in `changes.reason`. Nothing of the request itself is kept: its query
 * holds the authorization code and state, its body the ID token, its cookies the session and the pending sign-in.
 * A refusal nothing was noted about (one answered before the route's own interceptor ran: a body the parser refused,
 * a query or body the global input guard refused) has the class of its status: `invalid-request` for a 4xx,
 * `hub-error` for a 5xx; a 499 (the client went away, outcome unknown) has none.
 */
export function describeSessionEvent(event: { action: string; path: string; route?: string; status: number; note?: SessionEventNote }): RequestDescription {
  const { subject, sessionId } = event.note ?? {};
  const refusal = event.note?.refusal ?? refusalOfStatus(event.status);
  return {
    actor: subject === undefined ? 'anonymous' : storable(subject, MAX_NAME),
    role: subject === undefined ? null : 'sso',
    path: storable(event.path, MAX_PATH),
    route: event.route ?? null,
    action: event.action,
    resourceKind: 'sessions',
    resourceName: sessionId ?? null,
    changes: refusal === undefined ? {} : { reason: refusal },
  };
}

function refusalOfStatus(status: number): string | undefined {
  if (status === CLIENT_WENT_AWAY) return undefined;
  if (status >= 500) return HUB_ERROR;
  return status >= 400 ? INVALID_REQUEST : undefined;
}
