import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticate, isAllowed, type TokenRegistry } from './auth';
import type { Catalogue } from './catalogue';
import type { Counters } from './counters';
import { apiGroup, apiGroupList, apiResourceList, apiVersions, SERVER_VERSION, type DiscoveryCache } from './discovery';
import { decideFault, type FaultSettings } from './faults';
import type { HandlerContext } from './handlers/context';
import { handlePatch } from './handlers/patch';
import { handleGet, handleList } from './handlers/read';
import { handleScale } from './handlers/scale';
import { handleWatch } from './handlers/watch';
import { handleCreate, handleDelete, handleDeleteCollection, handleUpdate } from './handlers/write';
import { sendError, sendJsonText } from './http-io';
import type { ObjectService } from './objects';
import { openApiV3Document, openApiV3Root } from './openapi';
import { parseResourcePath } from './request-info';
import { errors } from './status-errors';
import type { ObjectStore } from './store';

export interface RouterDeps {
  catalogue: Catalogue;
  discovery: DiscoveryCache;
  objects: ObjectService;
  store: ObjectStore;
  tokens: TokenRegistry;
  counters: Counters;
  faults: () => FaultSettings;
  /** One request of the `resetRequests` fault was reset. */
  resetTaken(): void;
  trackStream(end: () => void): () => void;
  /** Requests held open by the `hang` fault, ended on stop or going offline. */
  hold(res: ServerResponse): void;
}

const HANDLERS: Record<string, (ctx: HandlerContext) => void | Promise<void>> = {
  get: handleGet,
  list: handleList,
  watch: handleWatch,
  create: handleCreate,
  update: handleUpdate,
  patch: handlePatch,
  delete: handleDelete,
  deletecollection: handleDeleteCollection,
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Answers discovery and other non-resource paths; undefined when the path is not one of them. */
function nonResource(deps: RouterDeps, pathname: string): object | undefined {
  const segments = pathname.split('/').filter((s) => s.length > 0);
  const [root, a, b] = segments;
  if (pathname === '/version') return SERVER_VERSION;
  if (segments.length === 1 && (root === 'healthz' || root === 'livez' || root === 'readyz')) return { ok: true };
  if (root === 'api') {
    if (segments.length === 1) return apiVersions();
    if (segments.length === 2) return apiResourceList(deps.catalogue, '', a) ?? notFound();
  }
  if (root === 'apis') {
    if (segments.length === 1) return apiGroupList(deps.catalogue);
    if (segments.length === 2) return apiGroup(deps.catalogue, a) ?? notFound();
    if (segments.length === 3) return apiResourceList(deps.catalogue, a, b) ?? notFound();
  }
  if (root === 'openapi' && a === 'v3') {
    if (segments.length === 2) return openApiV3Root(deps.catalogue);
    const gv = segments.slice(2).join('/');
    return openApiV3Document(deps.catalogue, gv) ?? notFound();
  }
  return undefined;
}

function notFound(): never {
  throw errors.pathNotFound();
}

function resourceLabel(group: string, resource: string): string {
  return group ? `${resource}.${group}` : resource;
}

/** One request: faults, authentication, authorization, counting, then the verb handler. */
export async function route(deps: RouterDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const url = new URL(req.url ?? '/', 'https://localhost');
    const method = req.method ?? 'GET';
    const request = parseResourcePath(deps.catalogue, method, url.pathname, url.searchParams);
    // Apply is counted apart from other patches; non-resource paths (discovery, /version) count as `get discovery`.
    const verb = request ? (request.verb === 'patch' && (req.headers['content-type'] ?? '').startsWith('application/apply-patch') ? 'apply' : request.verb) : 'get';
    deps.counters.record(verb, request ? resourceLabel(request.type.group, request.type.resource) : 'discovery');

    const faults = deps.faults();
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    const fault = decideFault(faults);
    if (fault.kind === 'hang') {
      deps.hold(res);
      return;
    }
    if (fault.kind === 'reset') {
      deps.resetTaken();
      req.socket.destroy();
      return;
    }
    if (fault.kind === 'error') throw errors.internal('injected fault');
    if (fault.kind === 'throttle') throw errors.tooManyRequests(fault.retryAfterSeconds);

    const identity = authenticate(req, deps.tokens);
    if (!identity) throw errors.unauthorized();

    if (!request) {
      if (method !== 'GET') throw errors.methodNotAllowed(method, { group: '', resource: url.pathname });
      // Only paths spelled the usual way are kept, so odd spellings (`/apis//apps/v1`) cannot grow the cache.
      const build = () => nonResource(deps, url.pathname);
      const text = isPlainPath(url.pathname) ? deps.discovery.text(url.pathname, build) : textOf(build());
      if (text === undefined) throw errors.pathNotFound();
      sendJsonText(res, 200, text);
      return;
    }
    if (!isAllowed(identity, request.verb, request.namespace ?? (request.type.resource === 'namespaces' ? request.name : undefined))) {
      throw errors.forbidden(identity.user, request.verb, { group: request.type.group, resource: request.type.resource, name: request.name }, request.namespace);
    }
    const handler = request.subresource === 'scale' ? handleScale : HANDLERS[request.verb];
    await handler({ req, res, request, objects: deps.objects, store: deps.store, trackStream: deps.trackStream });
  } catch (error) {
    if (!res.headersSent) sendError(res, error);
    else res.destroy();
  }
}

function isPlainPath(pathname: string): boolean {
  return pathname === `/${pathname.split('/').filter((segment) => segment.length > 0).join('/')}`;
}

function textOf(body: object | undefined): string | undefined {
  return body === undefined ? undefined : JSON.stringify(body);
}
