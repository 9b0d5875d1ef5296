import { applyDecorators, type CallHandler, type ExecutionContext, Injectable, type NestInterceptor, SetMetadata, UseInterceptors } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { map, type Observable } from 'rxjs';
import type { AuthenticatedRequest } from './access.decorators';

const VISIBLE_ITEMS = 'flotilla:visible-items';

interface ItemFilter {
  resource: string;
  objectOf: (item: never) => string;
}

/**
 * For the short lists answered whole (`{ items }`, no cursor: projects, repositories, plugins, subscriptions,
 * deliveries): keeps the items the caller may `get`, each judged on its object. The filter runs on the answer, so the
 * services stay unaware of callers; a list with `limit` may then hold fewer items than asked for.
 */
export function ShowVisibleItems<Item>(resource: string, objectOf: (item: Item) => string) {
  return applyDecorators(SetMetadata(VISIBLE_ITEMS, { resource, objectOf } satisfies ItemFilter), UseInterceptors(VisibleItemsInterceptor));
}

@Injectable()
export class VisibleItemsInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const filter = this.reflector.get<ItemFilter | undefined>(VISIBLE_ITEMS, context.getHandler());
    const access = context.switchToHttp().getRequest<AuthenticatedRequest>().access;
    if (!filter || !access) throw new Error('ShowVisibleItems needs a route with a declared permission');
    const visible = access.rowFilter(filter.resource);
    if (!visible) return next.handle();
    const objectOf = filter.objectOf as (item: unknown) => string;
    return next.handle().pipe(
      map((answer: unknown) => {
        const items = (answer as { items?: unknown } | null)?.items;
        if (!Array.isArray(items)) throw new Error('ShowVisibleItems on a route that does not answer { items }');
        return { ...(answer as object), items: items.filter((item) => visible(objectOf(item))) };
      }),
    );
  }
}
