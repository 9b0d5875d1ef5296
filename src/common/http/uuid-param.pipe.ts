import type { PipeTransform } from '@nestjs/common';
import { notFound } from '../errors/domain-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `text` is a UUID as PostgreSQL's uuid type reads it (checked before a query, which would fail on it). */
export function isUuid(text: string): boolean {
  return UUID.test(text);
}

/**
 * An `:id` path parameter of a resource keyed by UUID. Anything else names nothing, so it is a 404 before any query
 * (PostgreSQL would refuse to compare it with a uuid column).
 */
export class UuidParamPipe implements PipeTransform<string, string> {
  constructor(private readonly resource: string) {}

  transform(id: string): string {
    if (!isUuid(id)) throw notFound(this.resource, id);
    return id;
  }
}
