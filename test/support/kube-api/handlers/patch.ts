import { serverSideApply } from '../apply/apply';
import { groupVersionOf } from '../catalogue';
import { parseBody, readBody, sendJson } from '../http-io';
import { isObject, type Json, type JsonObject } from '../json';
import { metadataOf, nowIso, refOf } from '../objects';
import { APPLY_PATCH, applyPatch, PATCH_TYPES } from '../patch/dispatch';
import { errors } from '../status-errors';
import { isDryRun, managerOf, namespaceOf, requireScope, type HandlerContext } from './context';

function isForce(query: URLSearchParams): boolean {
  const value = query.get('force');
  return value === 'true' || value === '1';
}

export async function handlePatch(ctx: HandlerContext): Promise<void> {
  requireScope(ctx);
  const { type, name, query, subresource } = ctx.request;
  if (type.readOnly) throw errors.methodNotAllowed('patch', refOf(type));
  const contentType = (ctx.req.headers['content-type'] ?? '').split(';')[0].trim();
  if (!PATCH_TYPES.includes(contentType)) throw errors.unsupportedMediaType(contentType, PATCH_TYPES);
  const dryRun = isDryRun(query);
  const body = parseBody(await readBody(ctx.req), contentType === APPLY_PATCH);
  if (contentType === APPLY_PATCH) {
    sendJson(ctx.res, ...apply(ctx, body, dryRun));
    return;
  }
  if (query.has('force')) throw errors.badRequest('force may not be set for non-apply patch requests');
  const live = ctx.objects.mustRead(type, namespaceOf(ctx), name!);
  const patched = applyPatch(contentType, live as Json, body, !type.crdName);
  if (!isObject(patched)) throw errors.badRequest('the patch did not produce an object');
  const draft = ctx.objects.prepareIncoming(type, ctx.request.namespace, patched, name);
  // A patch that sets resourceVersion is a precondition; otherwise it applies to the current object.
  const wanted = isObject(body) && isObject(body.metadata) ? body.metadata.resourceVersion : undefined;
  if (wanted === undefined) metadataOf(draft).resourceVersion = metadataOf(live).resourceVersion;
  const updated = ctx.objects.update(type, draft, { manager: managerOf(ctx), dryRun, subresource });
  sendJson(ctx.res, 200, updated);
}

/** Server-side apply; creates the object when it does not exist (201), updates it otherwise (200). */
function apply(ctx: HandlerContext, body: unknown, dryRun: boolean): [number, JsonObject] {
  const { type, name, query, subresource } = ctx.request;
  const manager = query.get('fieldManager');
  if (!manager) throw errors.badRequest('PATCH, application/apply-patch+yaml requests must specify a fieldManager');
  if (!isObject(body)) throw errors.badRequest('the apply configuration must be an object');
  if (body.apiVersion === undefined || body.kind === undefined) {
    throw errors.badRequest('invalid object type: apiVersion and kind must be set in an apply configuration');
  }
  const config = ctx.objects.prepareIncoming(type, ctx.request.namespace, body, name);
  const configMeta = metadataOf(config);
  delete configMeta.managedFields;
  const live = ctx.objects.read(type, namespaceOf(ctx), name!);
  const wanted = configMeta.resourceVersion;
  delete configMeta.resourceVersion;
  if (wanted !== undefined && (!live || wanted !== metadataOf(live).resourceVersion)) {
    throw errors.staleResourceVersion(refOf(type, name));
  }
  const result = serverSideApply({
    type,
    live,
    config,
    manager,
    force: isForce(query),
    apiVersion: groupVersionOf(type),
    subresource,
    now: nowIso(),
  });
  const ctxWrite = { manager, dryRun, subresource, appliedEntries: result.entries };
  if (!live) return [201, ctx.objects.create(type, result.object, ctxWrite)];
  return [200, ctx.objects.commit(type, live, result.object, ctxWrite)];
}
