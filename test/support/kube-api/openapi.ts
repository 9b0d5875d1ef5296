import { createHash } from 'node:crypto';
import { groupVersionOf, type Catalogue } from './catalogue';

/**
 * A skeleton OpenAPI v3: one document per group/version with the PATCH operations and their query
 * parameters, which is what kubectl reads to decide that the server validates fields itself
 * (`fieldValidation`). There are no schemas: kubectl explain and client-side validation get nothing.
 */
function prefixOf(gv: string): string {
  return gv.includes('/') ? `apis/${gv}` : `api/${gv}`;
}

const QUERY_PARAMETERS = ['dryRun', 'fieldManager', 'fieldValidation', 'force'].map((name) => ({
  name,
  in: 'query',
  schema: { type: name === 'force' ? 'boolean' : 'string', uniqueItems: true },
}));

export function openApiV3Document(catalogue: Catalogue, path: string): object | undefined {
  const gv = path.replace(/^apis?\//, '');
  const types = catalogue.all().filter((t) => groupVersionOf(t) === gv && prefixOf(gv) === path);
  if (types.length === 0) return undefined;
  const paths: Record<string, object> = {};
  for (const type of types) {
    const scope = type.namespaced ? 'namespaces/{namespace}/' : '';
    const gvk = { group: type.group, version: type.version, kind: type.kind };
    const operation = (id: string): object => ({
      operationId: `${id}${type.kind}`,
      'x-kubernetes-group-version-kind': gvk,
      parameters: QUERY_PARAMETERS,
      responses: { '200': { description: 'OK' } },
    });
    paths[`/${prefixOf(gv)}/${scope}${type.resource}/{name}`] = {
      get: operation('read'),
      put: operation('replace'),
      patch: operation('patch'),
      delete: operation('delete'),
    };
    paths[`/${prefixOf(gv)}/${scope}${type.resource}`] = { get: operation('list'), post: operation('create') };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.32.0' }, paths, components: { schemas: {} } };
}

export function openApiV3Root(catalogue: Catalogue): object {
  const paths: Record<string, object> = {};
  for (const type of catalogue.all()) {
    const path = prefixOf(groupVersionOf(type));
    // The hash lets clients cache per document; it changes when the served kinds change.
    const hash = createHash('sha256').update(JSON.stringify(openApiV3Document(catalogue, path))).digest('hex').slice(0, 32);
    paths[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=${hash}` };
  }
  return { paths };
}
