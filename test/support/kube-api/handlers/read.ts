import { jsonText, str } from '../json';
import { groupVersionOf } from '../catalogue';
import { sendJson, sendJsonText } from '../http-io';
import type { JsonObject } from '../json';
import { refOf, typeKeyOf } from '../objects';
import { selectorsFrom } from '../selectors';
import { errors, notFoundStatus } from '../status-errors';
import { asTableIfAsked } from '../table';
import { namespaceOf, requireScope, type HandlerContext } from './context';

interface ContinueToken {
  rv: number;
  start: string;
}

function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeContinue(raw: string): ContinueToken {
  try {
    const token = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as ContinueToken;
    if (typeof token.rv === 'number' && typeof token.start === 'string') return token;
  } catch {
    // Reported as the 400 below.
  }
  throw errors.badRequest('invalid continue token');
}

function keyOf(obj: JsonObject): string {
  const metadata = obj.metadata as JsonObject;
  return `${str(metadata.namespace ?? '')}/${str(metadata.name)}`;
}

export function handleGet(ctx: HandlerContext): void {
  requireScope(ctx);
  const { type, name } = ctx.request;
  const obj = ctx.objects.read(type, namespaceOf(ctx), name!);
  // Clients often look for objects they are about to create: a 404 here is answered without throwing.
  if (!obj) {
    sendJson(ctx.res, 404, notFoundStatus(refOf(type, name)));
    return;
  }
  sendJson(ctx.res, 200, asTableIfAsked(ctx.req, type, [obj], str((obj.metadata as JsonObject).resourceVersion)) ?? obj);
}

/** Lists with selectors and `limit`/`continue` paging (pages are read from current state, keyed after the last name). */
export function handleList(ctx: HandlerContext): void {
  const { type, query } = ctx.request;
  const matches = selectorsFrom(query);
  const version = groupVersionOf(type);
  let items = ctx.objects.store.list(typeKeyOf(type), ctx.request.namespace).filter(matches);
  let listRv = ctx.store.resourceVersion;
  const rawContinue = query.get('continue');
  if (rawContinue) {
    const token = decodeContinue(rawContinue);
    if (token.rv < ctx.store.oldestWatchableRevision) {
      throw errors.gone('The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.');
    }
    listRv = token.rv;
    items = items.filter((obj) => keyOf(obj) > token.start);
  }
  const metadata: JsonObject = { resourceVersion: String(listRv) };
  const limit = Number(query.get('limit') ?? '0');
  if (limit > 0 && items.length > limit) {
    metadata.remainingItemCount = items.length - limit;
    items = items.slice(0, limit);
    metadata.continue = encodeContinue({ rv: listRv, start: keyOf(items[items.length - 1]) });
  }
  const served = items.map((obj) => (obj.apiVersion === version ? obj : { ...obj, apiVersion: version }));
  const table = asTableIfAsked(ctx.req, type, served, String(listRv));
  if (table) {
    if (metadata.continue) (table.metadata as JsonObject).continue = metadata.continue;
    sendJson(ctx.res, 200, table);
    return;
  }
  sendJsonText(ctx.res, 200, listText(type.listKind, version, metadata, served));
}

/** `JSON.stringify` of a list, with each item's text from `jsonText` (a stored object is serialized once). */
function listText(kind: string, apiVersion: string, metadata: JsonObject, items: JsonObject[]): string {
  const head = `{"kind":${JSON.stringify(kind)},"apiVersion":${JSON.stringify(apiVersion)},"metadata":${JSON.stringify(metadata)}`;
  return `${head},"items":[${items.map((item) => jsonText(item)).join(',')}]}`;
}
