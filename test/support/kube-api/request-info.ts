import type { Catalogue, ResourceType } from './catalogue';
import { errors } from './status-errors';

/** A request against a resource path, resolved to its kind and Kubernetes verb. */
export interface ResourceRequest {
  verb: string;
  type: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
  query: URLSearchParams;
}

const COLLECTION_VERBS: Record<string, string> = { GET: 'list', POST: 'create', DELETE: 'deletecollection' };
const ITEM_VERBS: Record<string, string> = { GET: 'get', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };

function isWatch(query: URLSearchParams): boolean {
  const value = query.get('watch');
  return value === 'true' || value === '1';
}

/** `decodeURIComponent`, which leaves a segment without `%` as it is: most have none, and need no decoding. */
function decodeSegment(segment: string): string {
  return segment.includes('%') ? decodeURIComponent(segment) : segment;
}

/**
 * Parses `/api/v1/...` and `/apis/<group>/<version>/...` into a resource request.
 * Returns undefined when the path is not a resource path (discovery and the like).
 */
export function parseResourcePath(
  catalogue: Catalogue,
  method: string,
  pathname: string,
  query: URLSearchParams,
): ResourceRequest | undefined {
  const segments = pathname.split('/').filter((s) => s.length > 0).map(decodeSegment);
  let group: string;
  let version: string;
  let rest: string[];
  if (segments[0] === 'api' && segments.length >= 3) {
    group = '';
    version = segments[1];
    rest = segments.slice(2);
  } else if (segments[0] === 'apis' && segments.length >= 4) {
    group = segments[1];
    version = segments[2];
    rest = segments.slice(3);
  } else {
    return undefined;
  }

  let namespace: string | undefined;
  // `namespaces/<ns>/<resource>...` addresses namespaced kinds; `namespaces/<name>[/status]` the Namespace itself.
  if (rest[0] === 'namespaces' && rest.length >= 3 && !(group === '' && rest[2] === 'status' && rest.length === 3)) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [resource, name, subresource, ...extra] = rest;
  const type = catalogue.find(group, version, resource);
  if (!type || extra.length > 0) throw errors.pathNotFound();
  if (namespace !== undefined && !type.namespaced) throw errors.pathNotFound();
  if (subresource !== undefined && !(subresource === 'status' && type.hasStatus) && !(subresource === 'scale' && type.hasScale)) {
    throw errors.pathNotFound();
  }

  const verbs = name === undefined ? COLLECTION_VERBS : ITEM_VERBS;
  let verb = verbs[method];
  if (verb === undefined) throw errors.methodNotAllowed(method, { group, resource });
  if (verb === 'list' && isWatch(query)) verb = 'watch';
  if (verb === 'get' && isWatch(query)) throw errors.badRequest('watch is only supported on collections; use fieldSelector=metadata.name=<name>');
  return { verb, type, namespace, name, subresource, query };
}
