import { jsonText, str } from '../json';
import { groupVersionOf } from '../catalogue';
import type { JsonObject } from '../json';
import { typeKeyOf } from '../objects';
import { selectorsFrom } from '../selectors';
import { errors } from '../status-errors';
import type { StoredEvent } from '../store';
import { toTable, wantsTable } from '../table';
import type { HandlerContext } from './context';

/**
 * `?watch=true`: a chunked stream of `{type, object}` lines. Without a resourceVersion (or "0") the
 * current objects come first as ADDED; with one, the retained events after it; a compacted one yields
 * an ERROR event carrying a 410 Expired Status, as kube-apiserver's watch cache does.
 */
export function handleWatch(ctx: HandlerContext): void {
  const { type, query, namespace } = ctx.request;
  const matches = selectorsFrom(query);
  const typeKey = typeKeyOf(type);
  const version = groupVersionOf(type);
  const table = wantsTable(ctx.req);
  const includeObject = query.get('includeObject');
  const rawRv = query.get('resourceVersion');
  const timeoutSeconds = Number(query.get('timeoutSeconds') ?? '0');

  /**
   * The event as this watcher sees it: a change that moves an object into the selection is ADDED,
   * out of it DELETED (as kube-apiserver's watch cache reports them); undefined when not visible.
   */
  const visible = (event: StoredEvent): string | undefined => {
    if (namespace !== undefined && event.namespace !== namespace) return undefined;
    const now = matches(event.object);
    if (event.type !== 'MODIFIED' || !event.previous) return now ? event.type : undefined;
    const before = matches(event.previous);
    if (now) return before ? 'MODIFIED' : 'ADDED';
    return before ? 'DELETED' : undefined;
  };
  const render = (eventType: string, obj: JsonObject): string => {
    const served = obj.apiVersion === version ? obj : { ...obj, apiVersion: version };
    const object = table ? toTable(type, [served], str((obj.metadata as JsonObject).resourceVersion), includeObject) : served;
    // As JSON.stringify({ type, object }), with a stored object's text serialized once for every watcher.
    return `{"type":${JSON.stringify(eventType)},"object":${jsonText(object)}}\n`;
  };

  let backlog: string[];
  if (rawRv === null || rawRv === '' || rawRv === '0') {
    backlog = ctx.store.list(typeKey, namespace).filter(matches).map((obj) => render('ADDED', obj));
  } else {
    const rv = Number(rawRv);
    if (!Number.isInteger(rv) || rv < 0) throw errors.badRequest(`invalid resource version: ${rawRv}`);
    const events = ctx.store.eventsSince(rv, typeKey);
    if (events === undefined) {
      const expired = errors.gone(`too old resource version: ${rv} (${ctx.store.oldestWatchableRevision})`);
      ctx.res.writeHead(200, { 'Content-Type': 'application/json' });
      ctx.res.end(`${JSON.stringify({ type: 'ERROR', object: expired.toStatus() })}\n`);
      return;
    }
    backlog = events.flatMap((e) => {
      const type = visible(e);
      return type ? [render(type, e.object)] : [];
    });
  }

  ctx.res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
  ctx.res.flushHeaders();
  for (const line of backlog) ctx.res.write(line);

  let timer: NodeJS.Timeout | undefined;
  const finish = (): void => {
    unsubscribe();
    untrack();
    if (timer) clearTimeout(timer);
    if (!ctx.res.writableEnded) ctx.res.end();
  };
  const unsubscribe = ctx.store.subscribe((event) => {
    const type = event.typeKey === typeKey ? visible(event) : undefined;
    if (type) ctx.res.write(render(type, event.object));
  });
  const untrack = ctx.trackStream(finish);
  if (timeoutSeconds > 0) timer = setTimeout(finish, timeoutSeconds * 1000);
  ctx.res.on('close', finish);
}
