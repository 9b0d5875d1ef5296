import { IsomorphicFetchHttpLibrary, wrapHttpLibrary, type HttpLibrary, type RequestContext, type ResponseContext } from '@kubernetes/client-node';
import type { ClusterRequestRecorder } from '../metrics/recorders';

/**
 * client-node's own HTTP library for one cluster's API clients (`PinnedKubeConfig`), with two additions:
 *
 * - **Every request is counted** by verb and status code (`error` when no response came: refused, reset, timed out,
 *   TLS). This is the one place cluster API traffic is counted.
 * - **A request that may be sent twice is retried once when its connection is reset before any answer.** A
 *   keep-alive connection the server closes as idle (Node's default is 5 s, Go's servers have their own) races the
 *   next request sent on it; the request then fails with ECONNRESET without the server having acted on it. Go's
 *   transport, and so client-go and kubectl, retry such requests; without it, a hub with many clusters in flight
 *   failed a sync now and then for nothing. Reads (GET, HEAD) and server-side apply qualify: an apply states the
 *   whole desired object, so sending it twice leaves the cluster as sending it once. Create, update, merge patches
 *   and delete do not (the second could conflict or answer 404 after the first succeeded unseen).
 */
export function clusterHttpLibrary(cluster: string, recorder?: ClusterRequestRecorder): HttpLibrary {
  const inner = new IsomorphicFetchHttpLibrary();
  const attempt = async (request: RequestContext, verb: string): Promise<ResponseContext> => {
    try {
      const response = await inner.send(request).toPromise();
      recorder?.clusterRequest(cluster, verb, String(response.httpStatusCode));
      return response;
    } catch (error) {
      recorder?.clusterRequest(cluster, verb, 'error');
      throw error;
    }
  };
  return wrapHttpLibrary({
    async send(request: RequestContext): Promise<ResponseContext> {
      const verb = request.getHttpMethod().toString();
      try {
        return await attempt(request, verb);
      } catch (error) {
        const resendable = mayResend(request.getHttpMethod().toString(), request.getHeaders()['Content-Type']);
        if (!resendable || !isConnectionReset(error) || request.getSignal()?.aborted === true) throw error;
        return attempt(request, verb);
      }
    },
  });
}

const APPLY_PATCH = 'application/apply-patch';

/** Whether sending the request a second time has the effect of sending it once. */
export function mayResend(method: string, contentType: string | undefined): boolean {
  if (method === 'GET' || method === 'HEAD') return true;
  return method === 'PATCH' && (contentType ?? '').startsWith(APPLY_PATCH);
}

const RESET_CODES = new Set(['ECONNRESET', 'EPIPE']);

/** The connection was reset or closed under the request: nothing came back (node-fetch puts the code on its error or its cause). */
export function isConnectionReset(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let current = error; current !== undefined && current !== null && !seen.has(current); current = (current as { cause?: unknown }).cause) {
    seen.add(current);
    const { code } = current as { code?: unknown };
    if (typeof code === 'string' && RESET_CODES.has(code)) return true;
  }
  return false;
}
