import http from 'node:http';
import https from 'node:https';
import { builtInResource, CORE_GROUP_VERSION, hasBuiltInKinds } from './built-in-kinds';
import type { ClusterConnection } from './cluster-connection';

/** A non-2xx answer of a cluster's API server, with the body as the server sent it (a Status, usually). */
export class ClusterHttpError extends Error {
  override readonly name = 'ClusterHttpError';

  constructor(
    readonly status: number,
    readonly body: string,
    readonly retryAfter: string | undefined,
  ) {
    super(`HTTP ${status}`);
  }
}

/** Counts one request to the cluster: its verb, and its HTTP status or `error` when no response came (metrics). */
export type RequestCounter = (verb: string, code: string) => void;

export interface ClusterRequest {
  readonly method: 'GET' | 'PATCH' | 'DELETE';
  /** The API path below the server URL, with its query, e.g. `/apis/apps/v1/deployments?limit=500`. */
  readonly path: string;
  readonly body?: string;
  readonly contentType?: string;
}

/** An entry of a group version's discovery document (`APIResourceList.resources`). */
export interface DiscoveredResource {
  readonly name: string;
  readonly kind: string;
  readonly namespaced: boolean;
}

/**
 * One cluster's API as plain JSON over HTTPS, on the cluster's shared keep-alive agent (which holds its CA and client
 * certificate), with its bearer token when it has one. The hub speaks the handful of REST calls it needs itself
 * rather than through client-node's generated clients: those built each request through several layers (request
 * context, middleware, node-fetch's Request, Headers and Body) at about twice the hub's CPU of the request
 * itself, and loading the library cost an idle hub about 35 MiB of RSS (`docs/benchmarks.md`).
 *
 * - **Every request is counted** by verb and status code (`error` when no response came).
 * - **A request that may be sent twice is resent once when its connection is reset before any answer** (`mayResend`).
 * - **A request that takes longer than the request timeout is cut off** (a TimeoutError, reported as a timeout).
 * - **Discovery is cached** per group version while the cluster's client lives; a kind missing from the cached list
 *   is looked up again (a CRD created since). Kubernetes's own kinds are not looked up (`built-in-kinds.ts`): only
 *   whether the cluster serves their group version, from the list of served group versions (`/apis`, read once).
 */
export class ClusterHttp {
  private readonly base: URL;
  /** The server URL's path prefix (a proxy's), without its trailing slash. */
  private readonly basePath: string;
  /** The host as Node takes it: an IPv6 literal without its URL brackets, which Node would look up as a name. */
  private readonly hostname: string;
  private readonly transport: typeof http | typeof https;
  private readonly headers: Record<string, string>;
  private readonly discovery = new Map<string, Promise<readonly DiscoveredResource[]>>();
  private servedGroupVersions?: Promise<ReadonlySet<string>>;
  private contacted = false;
  private firstContact?: FirstContact;

  constructor(
    conn: ClusterConnection,
    private readonly agent: http.Agent,
    private readonly timeoutMs: number,
    private readonly count?: RequestCounter,
  ) {
    this.base = new URL(conn.server);
    this.basePath = this.base.pathname.replace(/\/+$/, '');
    this.hostname = this.base.hostname.replace(/^\[(.*)\]$/, '$1');
    this.transport = this.base.protocol === 'http:' ? http : https;
    this.headers = { Accept: 'application/json', ...authHeaders(conn) };
  }

  /** The body of a 2xx answer; any other status throws a ClusterHttpError, a failed connection its own error. */
  async request(request: ClusterRequest): Promise<string> {
    return bodyOf(await this.exchange(request));
  }

  /** As `request`, with a 404 answered as undefined: the usual answer of a read or delete of what is not there. */
  async requestUnlessMissing(request: ClusterRequest): Promise<string | undefined> {
    const answer = await this.exchange(request);
    return answer.status === 404 ? undefined : bodyOf(answer);
  }

  /**
   * The served resource of `kind` in `apiVersion`, or undefined when the group version is served without it. A group
   * version the server does not serve at all throws its 404.
   */
  async resource(apiVersion: string, kind: string): Promise<DiscoveredResource | undefined> {
    const builtIn = builtInResource(apiVersion, kind);
    // Should the list of served group versions not come, the group version's own discovery answers as before.
    if (builtIn !== undefined && (apiVersion === CORE_GROUP_VERSION || (await this.groupVersions().catch(() => undefined))?.has(apiVersion))) return builtIn;
    const cached = this.discovery.get(apiVersion);
    if (cached !== undefined) {
      const found = findKind(await cached.catch(() => []), kind);
      if (found !== undefined) return found;
    }
    return findKind(await this.discover(apiVersion), kind);
  }

  /**
   * Before this client's first request only: opens the connection and reads the discovery of `apiVersions`, without
   * waiting, so a caller with other work in flight (a render) has both ready when it needs them. A failure is left
   * to the calls that need the answer; after the first contact this does nothing, so it never adds a request.
   */
  prefetchDiscovery(apiVersions: readonly string[]): void {
    if (this.contacted) return;
    // The served group versions, always: what the built-in kinds need, and the request that opens the connection.
    this.groupVersions().catch(() => undefined);
    for (const apiVersion of new Set(apiVersions)) {
      if (!hasBuiltInKinds(apiVersion) && !this.discovery.has(apiVersion)) this.discover(apiVersion).catch(() => undefined);
    }
  }

  /** The group versions the server serves besides the core one (`APIGroupList`); kept once read, as discovery is. */
  private groupVersions(): Promise<ReadonlySet<string>> {
    if (this.servedGroupVersions !== undefined) return this.servedGroupVersions;
    const lookup = this.request({ method: 'GET', path: '/apis' }).then(groupVersionsOf);
    this.servedGroupVersions = lookup;
    // A failed look-up is not kept: the next call asks again.
    lookup.catch(() => this.servedGroupVersions === lookup && (this.servedGroupVersions = undefined));
    return lookup;
  }

  private discover(apiVersion: string): Promise<readonly DiscoveredResource[]> {
    const lookup = this.request({ method: 'GET', path: groupVersionPath(apiVersion) }).then(resourcesOf);
    this.discovery.set(apiVersion, lookup);
    // A failed look-up is not kept: the next call asks again.
    lookup.catch(() => this.discovery.get(apiVersion) === lookup && this.discovery.delete(apiVersion));
    return lookup;
  }

  /**
   * Any answer, with one deadline for the request and its resend. Over TLS the first request to the cluster goes alone,
   * and the ones that come meanwhile wait until its connection holds a TLS session (or it is answered, or fails), for
   * at most FIRST_CONTACT_WAIT_MS of their own deadline: they then resume that session instead of each making a full
   * handshake, which costs both ends a signature check and the hub a parse of the server's certificate chain.
   */
  private async exchange(request: ClusterRequest): Promise<Answer> {
    const deadline = performance.now() + this.timeoutMs;
    if (this.firstContact !== undefined) await this.firstContact.wait();
    if (this.contacted) return this.resendOnReset(request, deadline);
    this.contacted = true;
    if (this.transport !== https) return this.resendOnReset(request, deadline);
    const contact = new FirstContact(() => (this.firstContact = undefined));
    this.firstContact = contact;
    const sending = this.resendOnReset(request, deadline, contact.open);
    sending.then(contact.open, contact.open);
    return sending;
  }

  private async resendOnReset(request: ClusterRequest, deadline: number, onSession?: () => void): Promise<Answer> {
    try {
      return await this.attempt(request, deadline, onSession);
    } catch (error) {
      if (!mayResend(request.method, request.contentType) || !isConnectionReset(error) || performance.now() >= deadline) throw error;
      return this.attempt(request, deadline);
    }
  }

  /** `onSession`: told when the request's connection holds a TLS session another connection can resume. */
  private attempt(request: ClusterRequest, deadline: number, onSession?: () => void): Promise<Answer> {
    // The length is given: Node sends a DELETE's body without one, which servers reject (400).
    const headers =
      request.body === undefined
        ? this.headers
        : { ...this.headers, 'Content-Type': request.contentType ?? 'application/json', 'Content-Length': String(Buffer.byteLength(request.body)) };
    return new Promise((resolve, reject) => {
      let settled = false;
      // The request and its response can both report one failure; it is counted and reported once.
      const fail = (error: Error): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.count?.(request.method, 'error');
        reject(error);
      };
      const outgoing = this.transport.request(
        {
          protocol: this.base.protocol,
          hostname: this.hostname,
          port: this.base.port,
          path: `${this.basePath}${request.path}`,
          method: request.method,
          headers,
          agent: this.agent,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', fail);
          response.on('end', () => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            const status = response.statusCode ?? 0;
            this.count?.(request.method, String(status));
            resolve({ status, body: Buffer.concat(chunks).toString('utf8'), retryAfter: headerText(response.headers['retry-after']) });
          });
        },
      );
      // Real time on purpose: a silent API server must not hold a reconcile, whatever the hub's clock does. A plain
      // timer rather than an AbortSignal: the signal's wiring cost more than the rest of the request's setup.
      // eslint-disable-next-line no-restricted-globals
      const timer = setTimeout(() => outgoing.destroy(timeoutError(this.timeoutMs)), Math.max(0, deadline - performance.now()));
      if (onSession) outgoing.once('socket', (socket) => socket.once('session', onSession));
      outgoing.on('error', fail);
      outgoing.end(request.body);
    });
  }
}

// A healthy API server completes a handshake in milliseconds; one that has not within this long is not waited for.
const FIRST_CONTACT_WAIT_MS = 1_000;

/** The first request's TLS session, which the requests that arrive while it is made wait for (a bounded while). */
class FirstContact {
  private readonly opened: Promise<void>;
  readonly open: () => void;

  constructor(onOpen: () => void) {
    let resolve!: () => void;
    this.opened = new Promise<void>((done) => (resolve = done));
    this.open = () => {
      resolve();
      onOpen();
    };
  }

  wait(): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Real time, as the request deadline it is part of.
    // eslint-disable-next-line no-restricted-globals
    const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, FIRST_CONTACT_WAIT_MS)));
    return Promise.race([this.opened, bound]).finally(() => clearTimeout(timer));
  }
}

interface Answer {
  readonly status: number;
  readonly body: string;
  readonly retryAfter: string | undefined;
}

/** The body of a 2xx answer; any other throws a ClusterHttpError. */
function bodyOf(answer: Answer): string {
  if (answer.status >= 200 && answer.status <= 299) return answer.body;
  throw new ClusterHttpError(answer.status, answer.body, answer.retryAfter);
}

/** Named as a timed-out fetch's error, so that it is reported as a timeout (`reasonForTransportError`). */
function timeoutError(timeoutMs: number): Error {
  const error = new Error(`request aborted: no answer within ${timeoutMs} ms`);
  error.name = 'TimeoutError';
  return error;
}

/** What every request to the cluster carries: who sends it, and the bearer token (a client certificate is the agent's). */
export function authHeaders(conn: ClusterConnection): Record<string, string> {
  return { 'User-Agent': 'flotilla', ...(conn.credentials.type === 'bearerToken' && { Authorization: `Bearer ${conn.credentials.bearerToken}` }) };
}

const APPLY_PATCH = 'application/apply-patch';

/**
 * Whether sending the request a second time has the effect of sending it once. A keep-alive connection the server
 * closes as idle (Node's default is 5 s, Go's servers have their own) races the next request sent on it; the request
 * then fails with ECONNRESET without the server having acted on it. Go's transport, and so client-go and kubectl,
 * resend such requests; without it, a hub with many clusters in flight failed a sync now and then for nothing. Reads
 * (GET, HEAD) and server-side apply qualify: an apply states the whole desired object, so sending it twice leaves the
 * cluster as sending it once. Create, update, merge patches and delete do not (the second could conflict or answer
 * 404 after the first succeeded unseen).
 */
export function mayResend(method: string, contentType: string | undefined): boolean {
  if (method === 'GET' || method === 'HEAD') return true;
  return method === 'PATCH' && (contentType ?? '').startsWith(APPLY_PATCH);
}

const RESET_CODES = new Set(['ECONNRESET', 'EPIPE']);

/** The connection was reset or closed under the request: nothing came back (the code may sit on a cause). */
export function isConnectionReset(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let current = error; current !== undefined && current !== null && !seen.has(current); current = (current as { cause?: unknown }).cause) {
    seen.add(current);
    const { code } = current as { code?: unknown };
    if (typeof code === 'string' && RESET_CODES.has(code)) return true;
  }
  return false;
}

/** `/api/v1` for the core group, `/apis/<group>/<version>` for the others. */
export function groupVersionPath(apiVersion: string): string {
  return apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
}

function groupVersionsOf(body: string): ReadonlySet<string> {
  const { groups } = JSON.parse(body) as { groups?: { versions?: { groupVersion?: unknown }[] }[] };
  const served = new Set<string>();
  for (const group of Array.isArray(groups) ? groups : []) {
    for (const version of Array.isArray(group.versions) ? group.versions : []) {
      if (typeof version.groupVersion === 'string') served.add(version.groupVersion);
    }
  }
  return served;
}

function resourcesOf(body: string): DiscoveredResource[] {
  const parsed = JSON.parse(body) as { resources?: unknown };
  return Array.isArray(parsed.resources) ? (parsed.resources as DiscoveredResource[]) : [];
}

// Subresources (`deployments/status`) name their parent's kind too; the resource itself has no slash.
function findKind(resources: readonly DiscoveredResource[], kind: string): DiscoveredResource | undefined {
  return resources.find((r) => r.kind === kind && !r.name.includes('/'));
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
