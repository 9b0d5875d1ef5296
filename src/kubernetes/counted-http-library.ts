import { IsomorphicFetchHttpLibrary, wrapHttpLibrary, type HttpLibrary, type RequestContext, type ResponseContext } from '@kubernetes/client-node';
import type { ClusterRequestRecorder } from '../metrics/recorders';

/**
 * client-node's own HTTP library with every request counted by verb and status code (`error` when no response
 * came: refused, reset, timed out, TLS). Every API client of a cluster is built with it (`PinnedKubeConfig`),
 * so this is the one place cluster API traffic is counted.
 */
export function countedHttpLibrary(cluster: string, recorder: ClusterRequestRecorder): HttpLibrary {
  const inner = new IsomorphicFetchHttpLibrary();
  return wrapHttpLibrary({
    async send(request: RequestContext): Promise<ResponseContext> {
      const verb = request.getHttpMethod().toString();
      let response: ResponseContext;
      try {
        response = await inner.send(request).toPromise();
      } catch (error) {
        recorder.clusterRequest(cluster, verb, 'error');
        throw error;
      }
      recorder.clusterRequest(cluster, verb, String(response.httpStatusCode));
      return response;
    },
  });
}
