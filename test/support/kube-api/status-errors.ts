/** A kube-apiserver `Status` failure: thrown by handlers, written by the router. */
export interface StatusCause {
  type?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface KubeStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message: string;
  reason: string;
  details?: StatusDetails;
  code: number;
}

export class KubeError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
  }

  toStatus(): KubeStatus {
    return failureStatus(this.code, this.reason, this.message, this.details);
  }
}

/** The Status body of a failure. */
export function failureStatus(code: number, reason: string, message: string, details?: StatusDetails): KubeStatus {
  const status: KubeStatus = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (details) status.details = details;
  return status;
}

export interface ApplyConflict {
  manager: string;
  subresource?: string;
  /** API version of an Update manager. */
  using?: string;
  field: string;
}

/** Identifies an object in messages the way kube-apiserver does: `deployments.apps "web"`. */
export interface ObjectRef {
  group: string;
  resource: string;
  name?: string;
}

function qualified(ref: ObjectRef): string {
  return ref.group ? `${ref.resource}.${ref.group}` : ref.resource;
}

function detailsOf(ref: ObjectRef): StatusDetails {
  const details: StatusDetails = { kind: ref.resource };
  if (ref.name !== undefined) details.name = ref.name;
  if (ref.group) details.group = ref.group;
  return details;
}

function notFoundMessage(ref: ObjectRef): string {
  return `${qualified(ref)} "${ref.name ?? ''}" not found`;
}

/**
 * The Status of `errors.notFound`, for a handler to send without throwing: an Error captures a stack trace, which
 * costs more than the rest of a GET, and clients often look for objects that are not there yet.
 */
export function notFoundStatus(ref: ObjectRef): KubeStatus {
  return failureStatus(404, 'NotFound', notFoundMessage(ref), detailsOf(ref));
}

export const errors = {
  unauthorized: () => new KubeError(401, 'Unauthorized', 'Unauthorized'),

  forbidden: (user: string, verb: string, ref: ObjectRef, namespace?: string) => {
    const target = ref.name !== undefined ? `${qualified(ref)} "${ref.name}"` : qualified(ref);
    const scope = namespace ? ` in the namespace "${namespace}"` : ' at the cluster scope';
    return new KubeError(
      403,
      'Forbidden',
      `${target} is forbidden: User "${user}" cannot ${verb} resource "${ref.resource}" in API group "${ref.group}"${scope}`,
      detailsOf(ref),
    );
  },

  namespaceTerminating: (ref: ObjectRef, namespace: string) =>
    new KubeError(
      403,
      'Forbidden',
      `${qualified(ref)} "${ref.name ?? ''}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
      {
        ...detailsOf(ref),
        causes: [
          {
            type: 'NamespaceTerminating',
            message: `namespace ${namespace} is being terminated`,
            field: 'metadata.namespace',
          },
        ],
      },
    ),

  notFound: (ref: ObjectRef) => new KubeError(404, 'NotFound', notFoundMessage(ref), detailsOf(ref)),

  // kube-apiserver answers unknown paths with a bare 404 Status without details.
  pathNotFound: () => new KubeError(404, 'NotFound', 'the server could not find the requested resource'),

  alreadyExists: (ref: ObjectRef) =>
    new KubeError(409, 'AlreadyExists', `${qualified(ref)} "${ref.name ?? ''}" already exists`, detailsOf(ref)),

  staleResourceVersion: (ref: ObjectRef) =>
    new KubeError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualified(ref)} "${ref.name ?? ''}": the object has been modified; please apply your changes to the latest version and try again`,
      detailsOf(ref),
    ),

  /**
   * kube-apiserver's wording: one conflict inline, several grouped per manager (sorted). Managers are
   * quoted; `subresource` and, for Update managers, `using <apiVersion>` follow the name.
   */
  applyConflict: (ref: ObjectRef, conflicts: ApplyConflict[]) => {
    const who = (c: ApplyConflict): string =>
      `"${c.manager}"${c.subresource ? ` with subresource "${c.subresource}"` : ''}${c.using ? ` using ${c.using}` : ''}`;
    let message: string;
    if (conflicts.length === 1) {
      message = `Apply failed with 1 conflict: conflict with ${who(conflicts[0])}: ${conflicts[0].field}`;
    } else {
      const byManager = new Map<string, string[]>();
      for (const c of conflicts) byManager.set(who(c), [...(byManager.get(who(c)) ?? []), c.field]);
      const lines = [...byManager.keys()].sort().flatMap((m) => [`conflicts with ${m}:`, ...byManager.get(m)!.map((f) => `- ${f}`)]);
      message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
    }
    return new KubeError(409, 'Conflict', message, {
      ...detailsOf(ref),
      causes: conflicts.map((c) => ({ type: 'FieldManagerConflict', message: `conflict with ${who(c)}`, field: c.field })),
    });
  },

  gone: (message: string) => new KubeError(410, 'Expired', message),

  badRequest: (message: string) => new KubeError(400, 'BadRequest', message),

  /** `kind` is qualified by group (`Deployment.apps`) in the message, bare in details, as kube-apiserver does. */
  invalid: (ref: ObjectRef & { kind: string }, causes: StatusCause[]) => {
    const details: StatusDetails = { name: ref.name, kind: ref.kind.split('.')[0], causes };
    if (ref.group) details.group = ref.group;
    const list = causes.map((c) => `${c.field ?? ''}: ${c.message ?? ''}`);
    const text = list.length === 1 ? list[0] : `[${list.join(', ')}]`;
    return new KubeError(422, 'Invalid', `${ref.kind} "${ref.name ?? ''}" is invalid: ${text}`, details);
  },

  methodNotAllowed: (verb: string, ref: ObjectRef) =>
    new KubeError(405, 'MethodNotAllowed', `${verb} is not supported on resources of kind "${qualified(ref)}"`, detailsOf(ref)),

  unsupportedMediaType: (contentType: string, accepted: string[]) =>
    new KubeError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`, {
      causes: [{ type: 'UnsupportedMediaType', message: contentType }],
    }),

  tooManyRequests: (retryAfterSeconds: number) =>
    new KubeError(429, 'TooManyRequests', 'Too many requests, please try again later.', {
      retryAfterSeconds,
      causes: [{ type: 'TooManyRequests' }],
    }),

  internal: (message: string) =>
    new KubeError(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] }),
};
