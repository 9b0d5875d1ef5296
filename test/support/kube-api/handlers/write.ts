import { groupVersionOf } from '../catalogue';
import { parseBody, readBody, readObjectBody, sendJson } from '../http-io';
import { isObject, str, type JsonObject } from '../json';
import { metadataOf, refOf, typeKeyOf } from '../objects';
import { selectorsFrom } from '../selectors';
import { errors } from '../status-errors';
import { isDryRun, managerOf, namespaceOf, requireScope, type HandlerContext } from './context';

function rejectReadOnly(ctx: HandlerContext): void {
  const { type, verb } = ctx.request;
  if (type.readOnly) throw errors.methodNotAllowed(verb, refOf(type));
}

export async function handleCreate(ctx: HandlerContext): Promise<void> {
  rejectReadOnly(ctx);
  requireScope(ctx);
  const { type, query } = ctx.request;
  const body = await readObjectBody(ctx.req);
  const draft = ctx.objects.prepareIncoming(type, ctx.request.namespace, body);
  if (metadataOf(draft).resourceVersion) throw errors.badRequest('resourceVersion should not be set on objects to be created');
  const created = ctx.objects.create(type, draft, { manager: managerOf(ctx), dryRun: isDryRun(query) });
  sendJson(ctx.res, 201, created);
}

export async function handleUpdate(ctx: HandlerContext): Promise<void> {
  rejectReadOnly(ctx);
  requireScope(ctx);
  const { type, query, name, subresource } = ctx.request;
  const body = await readObjectBody(ctx.req);
  const draft = ctx.objects.prepareIncoming(type, ctx.request.namespace, body, name);
  const updated = ctx.objects.update(type, draft, { manager: managerOf(ctx), dryRun: isDryRun(query), subresource });
  sendJson(ctx.res, 200, updated);
}

interface DeleteOptions {
  propagationPolicy?: string;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun: boolean;
}

async function deleteOptionsOf(ctx: HandlerContext): Promise<DeleteOptions> {
  const text = await readBody(ctx.req);
  // kubectl sends dryRun for deletes in the DeleteOptions body, other clients in the query.
  const options: DeleteOptions = { dryRun: isDryRun(ctx.request.query) };
  if (text.trim() !== '') {
    const body = parseBody(text, false);
    if (isObject(body)) {
      if (typeof body.propagationPolicy === 'string') options.propagationPolicy = body.propagationPolicy;
      if (body.orphanDependents === true) options.propagationPolicy ??= 'Orphan';
      if (isObject(body.preconditions)) options.preconditions = body.preconditions as DeleteOptions['preconditions'];
      if (Array.isArray(body.dryRun)) options.dryRun ||= isDryRun(new URLSearchParams(body.dryRun.map((v): [string, string] => ['dryRun', str(v)])));
    }
  }
  const fromQuery = ctx.request.query.get('propagationPolicy');
  if (fromQuery) options.propagationPolicy = fromQuery;
  if (options.propagationPolicy && !['Background', 'Foreground', 'Orphan'].includes(options.propagationPolicy)) {
    throw errors.badRequest(`unsupported propagationPolicy: ${options.propagationPolicy}`);
  }
  return options;
}

/** Finalizers kube-apiserver adds for a propagation policy (the garbage collector then honours them). */
function policyFinalizers(policy: string | undefined): string[] {
  if (policy === 'Foreground') return ['foregroundDeletion'];
  if (policy === 'Orphan') return ['orphan'];
  return [];
}

export async function handleDelete(ctx: HandlerContext): Promise<void> {
  rejectReadOnly(ctx);
  requireScope(ctx);
  const { type, name } = ctx.request;
  const options = await deleteOptionsOf(ctx);
  const obj = ctx.objects.mustRead(type, namespaceOf(ctx), name!);
  const metadata = metadataOf(obj);
  const pre = options.preconditions;
  if ((pre?.uid && pre.uid !== metadata.uid) || (pre?.resourceVersion && pre.resourceVersion !== metadata.resourceVersion)) {
    throw errors.staleResourceVersion(refOf(type, name));
  }
  const result = ctx.objects.delete(type, obj, policyFinalizers(options.propagationPolicy), options.dryRun);
  // 202 while finalizers hold the object, 200 once it is gone.
  sendJson(ctx.res, result.deleted ? 200 : 202, result.object);
}

export async function handleDeleteCollection(ctx: HandlerContext): Promise<void> {
  rejectReadOnly(ctx);
  const { type, query } = ctx.request;
  const options = await deleteOptionsOf(ctx);
  const dryRun = options.dryRun;
  const matches = selectorsFrom(query);
  const deleted: JsonObject[] = [];
  for (const obj of ctx.store.list(typeKeyOf(type), ctx.request.namespace).filter(matches)) {
    deleted.push(ctx.objects.delete(type, obj, policyFinalizers(options.propagationPolicy), dryRun).object);
  }
  sendJson(ctx.res, 200, { kind: type.listKind, apiVersion: groupVersionOf(type), metadata: { resourceVersion: String(ctx.store.resourceVersion) }, items: deleted });
}
