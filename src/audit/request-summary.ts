import { fieldName } from '../common/http/input-guard';
import { isPlainObject } from '../common/json';
import type { ChangeSummary } from '../database/entities/audit-event.entity';
import { type Principal, roleLabel } from '../domain/roles';
import { maskRepoUrl } from '../git/repo-url';

/** What the audit trail reads of a finished request. */
export interface AuditedRequest {
  method: string;
  /** Without the query string. */
  path: string;
  /** The matched route template (`/api/v1/clusters/:name`); undefined when the request never reached a route. */
  route?: string;
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
  principal?: Principal;
  /** The single sign-on session the caller presented (its id), if any. */
  sessionId?: string;
}

export interface RequestDescription {
  actor: string;
  /** The built-in role, a project role's subject (`proj:<project>:<role>`), or `sso`. */
  role: string | null;
  path: string;
  route: string | null;
  action: string;
  resourceKind: string | null;
  resourceName: string | null;
  changes: ChangeSummary;
}

const API_PREFIX = '/api/v1/';
const WEBHOOK_ROUTE = '/api/v1/webhooks/git';
/** The caller's own session: a sign-out, recorded as one of `sessions` named by the session's id. */
const OWN_SESSION_ROUTE = '/api/v1/session';

/** Kubernetes audit verbs for a route without an action of its own; the methods of changes (always recorded). */
const METHOD_ACTIONS: Record<string, string> = { POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };
/** Reads are recorded only when refused; their verb. */
const READ_ACTIONS: Record<string, string> = { GET: 'get', HEAD: 'get' };

/** Routes the generic rule would name wrongly: the webhook's path ends in its provider family, not an action. */
/** Sessions: signing out and revoking, named as the sign-ins on /auth are (src/audit/session-events.ts). */
const ROUTE_ACTIONS: Record<string, string> = {
  [`POST ${WEBHOOK_ROUTE}`]: 'receive',
  [`DELETE ${OWN_SESSION_ROUTE}`]: 'sign-out',
  'DELETE /api/v1/sessions/:id': 'revoke',
};

/**
 * Any name, key or value containing one of these is treated as a credential: named at most, never entered, never
 * shown (`credentials`, `bearerToken`, `clientKeyData`, `kubeconfig`, `password`, `token`, `sshPrivateKey`, ...).
 */
const CREDENTIAL_NAME = /token|key|password|passwd|secret|credential|kubeconfig|private|auth/i;
const REDACTED = '[redacted]';

const MAX_FIELDS = 100;
const MAX_QUERY_PARAMETERS = 20;
const MAX_NAME = 253;
const MAX_VALUE = 256;
const MAX_PATH = 1024;
const HIGH_SURROGATE = /[\uD800-\uDBFF]/;

export function isAuditedMethod(method: string): boolean {
  return method in METHOD_ACTIONS;
}

export function isAuditedPath(path: string): boolean {
  return path.startsWith(API_PREFIX);
}

/**
 * Who asked to change what: the actor, the resource and action (from the route template: `/api/v1/<kind>/:name/<action>`),
 * and a summary of the change that holds no credential — body field names but no values, query parameters with
 * credential-named ones masked, a manifest's kind and name, URLs without their userinfo. Every string is bounded and
 * made storable (a refused request may carry NUL or lone surrogates, which PostgreSQL cannot store).
 */
export function describeRequest(request: AuditedRequest): RequestDescription {
  const target = request.route ? resourceOf(request.route, request) : { action: verbOf(request.method), resourceKind: null, resourceName: null };
  return {
    actor: request.principal?.name ?? (request.route === WEBHOOK_ROUTE ? 'webhook' : 'anonymous'),
    role: request.principal ? roleLabel(request.principal) : null,
    path: storable(request.path, MAX_PATH),
    route: request.route ?? null,
    ...target,
    changes: summarize(request.query, request.body),
  };
}

function verbOf(method: string): string {
  return METHOD_ACTIONS[method] ?? READ_ACTIONS[method] ?? method.toLowerCase();
}

function resourceOf(route: string, request: AuditedRequest): Pick<RequestDescription, 'action' | 'resourceKind' | 'resourceName'> {
  const [kind = null, ...rest] = route.slice(API_PREFIX.length).split('/');
  const parameter = rest.find((segment) => segment.startsWith(':'))?.slice(1);
  const literal = rest.filter((segment) => !segment.startsWith(':')).join('/');
  const action = ROUTE_ACTIONS[`${request.method} ${route}`] ?? (literal || verbOf(request.method));
  if (route === OWN_SESSION_ROUTE) return { action, resourceKind: 'sessions', resourceName: request.sessionId ?? null };
  const name = parameter === undefined ? (literal ? undefined : createdName(request.body)) : request.params[parameter];
  return { action, resourceKind: kind, resourceName: typeof name === 'string' && name !== '' ? storable(name, MAX_NAME) : null };
}

/** A create names its resource in the body: `name`, a manifest's `metadata.name`, or a Git repository's `url` (masked). */
function createdName(body: unknown): unknown {
  if (!isPlainObject(body)) return undefined;
  const name = body.name ?? (isPlainObject(body.metadata) ? body.metadata.name : undefined);
  return name ?? (typeof body.url === 'string' ? maskRepoUrl(body.url) : undefined);
}

function summarize(query: Record<string, unknown>, body: unknown): ChangeSummary {
  const changes: ChangeSummary = {};
  const parameters = Object.entries(query).slice(0, MAX_QUERY_PARAMETERS);
  if (parameters.length > 0) changes.query = Object.fromEntries(parameters.map(([key, value]) => [storable(key, MAX_NAME), queryValue(key, value)]));
  if (!isPlainObject(body)) return changes;
  const fields = fieldNames(body);
  if (fields.length > 0) changes.fields = fields;
  if (isPlainObject(body.metadata) && typeof body.kind === 'string') {
    const name = body.metadata.name;
    changes.manifest = { kind: storable(body.kind, MAX_NAME), ...(typeof name === 'string' ? { name: storable(name, MAX_NAME) } : {}) };
  }
  return changes;
}

/** Top-level field names, and the names inside each object field that is not a credential: `labels.env`, `tls.caData`. */
function fieldNames(body: Record<string, unknown>): string[] {
  const names: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    const children = isPlainObject(value) && !CREDENTIAL_NAME.test(key) ? Object.keys(value) : [];
    if (children.length === 0) names.push(key);
    for (const child of children) names.push(`${key}.${child}`);
    if (names.length >= MAX_FIELDS) break;
  }
  return names.slice(0, MAX_FIELDS).map((name) => storable(name, MAX_NAME));
}

function queryValue(key: string, value: unknown): string {
  if (CREDENTIAL_NAME.test(key)) return REDACTED;
  const text = Array.isArray(value) ? value.join(',') : String(value);
  return storable(maskRepoUrl(text), MAX_VALUE);
}

/** Control characters and lone surrogates escaped (`\u0000`), then cut to `max` characters (never inside a pair). */
export function storable(text: string, max: number): string {
  const printable = fieldName([text]);
  if (printable.length <= max) return printable;
  const end = HIGH_SURROGATE.test(printable[max - 2]) ? max - 2 : max - 1;
  return `${printable.slice(0, end)}…`;
}
