import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ObjectService } from '../objects';
import type { ResourceRequest } from '../request-info';
import type { ObjectStore } from '../store';
import { errors } from '../status-errors';

/** Everything a verb handler needs for one request. */
export interface HandlerContext {
  req: IncomingMessage;
  res: ServerResponse;
  request: ResourceRequest;
  objects: ObjectService;
  store: ObjectStore;
  /** Registers a long-running response (watch) so stop() and going offline can end it. */
  trackStream(end: () => void): () => void;
}

/** `dryRun=All` is the only dry-run value kube-apiserver accepts. */
export function isDryRun(query: URLSearchParams): boolean {
  const values = query.getAll('dryRun');
  for (const value of values) if (value !== 'All') throw errors.badRequest(`unsupported dry run value: ${value}`);
  return values.length > 0;
}

/**
 * The field manager of a non-apply write: `fieldManager`, else the User-Agent's program name
 * (kube-apiserver's default, e.g. `kubectl-create` or `node-fetch`).
 */
export function managerOf(ctx: HandlerContext, fallback = 'unknown'): string {
  const explicit = ctx.request.query.get('fieldManager');
  if (explicit) {
    if (explicit.length > 128) throw errors.badRequest('fieldManager: Too long: may not be longer than 128');
    return explicit;
  }
  const agent = ctx.req.headers['user-agent'];
  if (!agent) return fallback;
  return agent.split('/')[0] || fallback;
}

export function namespaceOf(ctx: HandlerContext): string {
  return ctx.request.namespace ?? '';
}

/** Item verbs on namespaced kinds need a namespace in the path. */
export function requireScope(ctx: HandlerContext): void {
  if (ctx.request.type.namespaced && ctx.request.namespace === undefined) throw errors.pathNotFound();
}
