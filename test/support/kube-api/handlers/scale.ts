import type { ResourceType } from '../catalogue';
import { parseBody, readBody, readObjectBody, sendJson } from '../http-io';
import { clone, isObject, str, type Json, type JsonObject } from '../json';
import { metadataOf, refOf } from '../objects';
import { APPLY_PATCH, applyPatch } from '../patch/dispatch';
import { errors } from '../status-errors';
import { isDryRun, managerOf, namespaceOf, requireScope, type HandlerContext } from './context';

/** The autoscaling/v1 Scale view of a workload (what `kubectl scale` and HPAs read and write). */
function toScale(obj: JsonObject): JsonObject {
  const metadata = metadataOf(obj);
  const spec = isObject(obj.spec) ? obj.spec : {};
  const status = isObject(obj.status) ? obj.status : {};
  const selector = isObject(spec.selector) && isObject(spec.selector.matchLabels) ? spec.selector.matchLabels : {};
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name: metadata.name, namespace: metadata.namespace, uid: metadata.uid, resourceVersion: metadata.resourceVersion, creationTimestamp: metadata.creationTimestamp },
    spec: { replicas: typeof spec.replicas === 'number' ? spec.replicas : 1 },
    status: {
      replicas: typeof status.replicas === 'number' ? status.replicas : 0,
      selector: Object.entries(selector).map(([k, v]) => `${k}=${str(v)}`).join(','),
    },
  };
}

function desiredReplicas(type: ResourceType, name: string, scale: Json): number {
  const replicas = isObject(scale) && isObject(scale.spec) ? scale.spec.replicas : undefined;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw errors.invalid({ ...refOf(type, name), kind: 'Scale' }, [
      { type: 'FieldValueInvalid', message: 'Invalid value: must be greater than or equal to 0', field: 'spec.replicas' },
    ]);
  }
  return replicas;
}

export async function handleScale(ctx: HandlerContext): Promise<void> {
  requireScope(ctx);
  const { type, name, verb, query } = ctx.request;
  const live = ctx.objects.mustRead(type, namespaceOf(ctx), name!);
  const current = toScale(live);
  if (verb === 'get') {
    sendJson(ctx.res, 200, current);
    return;
  }
  let desired: Json;
  if (verb === 'update') desired = (await readObjectBody(ctx.req)) as Json;
  else {
    const contentType = (ctx.req.headers['content-type'] ?? '').split(';')[0].trim();
    // Apply on /scale is not modelled: only spec.replicas would be owned there anyway.
    if (contentType === APPLY_PATCH) throw errors.unsupportedMediaType(contentType, ['application/merge-patch+json', 'application/json-patch+json', 'application/strategic-merge-patch+json']);
    desired = applyPatch(contentType, current, parseBody(await readBody(ctx.req), false), true);
  }
  const wanted = isObject(desired) && isObject(desired.metadata) ? desired.metadata.resourceVersion : undefined;
  if (wanted !== undefined && wanted !== '' && wanted !== metadataOf(live).resourceVersion) throw errors.staleResourceVersion(refOf(type, name));
  const next = clone(live);
  (next.spec as JsonObject).replicas = desiredReplicas(type, name!, desired);
  const updated = ctx.objects.commit(type, live, next, { manager: managerOf(ctx), dryRun: isDryRun(query), subresource: 'scale' });
  sendJson(ctx.res, 200, toScale(updated));
}
