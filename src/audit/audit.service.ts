import { Injectable } from '@nestjs/common';
import { type ExportColumns, keysetChunks, mapChunks } from '../common/http/export';
import { type Page, timeKeyAfter, toPage } from '../common/http/pagination';
import type { AuditEventEntity } from '../database/entities/audit-event.entity';
import { type AuditEventFilter, AuditEventRepository } from '../repositories/audit-event.repository';
import type { AuditQuery } from './audit.schemas';

export type AuditEventView = Omit<AuditEventEntity, 'occurredAt'> & { occurredAt: string };

/** The CSV columns of an export: every field of an event, in the JSON order. */
export const AUDIT_COLUMNS: ExportColumns<AuditEventView> = [
  'id',
  'occurredAt',
  'actor',
  'role',
  'method',
  'path',
  'route',
  'action',
  'resourceKind',
  'resourceName',
  'project',
  'requestId',
  'status',
  'durationMs',
  'changes',
];

/** Reads the audit log; nothing here (or anywhere in the API) edits it. */
@Injectable()
export class AuditService {
  constructor(private readonly events: AuditEventRepository) {}

  /** One page, newest first; with `projects`, only those projects' events (undefined: every event). */
  async list(query: AuditQuery, projects?: readonly string[]): Promise<Page<AuditEventView>> {
    const after = timeKeyAfter(query.cursor);
    const rows = await this.events.list({ ...filterOf(query), projects }, query.limit + 1, after && { occurredAt: after.at, id: after.id });
    return toPage(rows, query.limit, (event) => [event.occurredAt.toISOString(), event.id], toView);
  }

  /** Every event that matches the filters, newest first, read a chunk at a time as the export is sent. */
  export(query: AuditQuery, projects?: readonly string[]): AsyncGenerator<AuditEventView[]> {
    const filter = { ...filterOf(query), projects };
    const chunks = keysetChunks<AuditEventEntity>((after, limit) => this.events.list(filter, limit, after && { occurredAt: after.occurredAt.toISOString(), id: after.id }));
    return mapChunks(chunks, toView);
  }
}

function filterOf(query: AuditQuery): AuditEventFilter {
  const slash = query.resource?.indexOf('/') ?? -1;
  return {
    actor: query.actor,
    action: query.action,
    resourceKind: slash === -1 ? query.resource : query.resource!.slice(0, slash),
    resourceName: slash === -1 ? undefined : query.resource!.slice(slash + 1),
    since: query.since === undefined ? undefined : new Date(query.since),
    until: query.until === undefined ? undefined : new Date(query.until),
    status: query.status === undefined ? undefined : statusRange(query.status),
  };
}

/** `403` is itself; `4xx` is 400 to 499. */
function statusRange(status: string): { min: number; max: number } {
  if (!status.endsWith('xx')) return { min: Number(status), max: Number(status) };
  const hundreds = Number(status[0]) * 100;
  return { min: hundreds, max: hundreds + 99 };
}

function toView(event: AuditEventEntity): AuditEventView {
  return {
    id: event.id,
    occurredAt: event.occurredAt.toISOString(),
    actor: event.actor,
    role: event.role,
    method: event.method,
    path: event.path,
    route: event.route,
    action: event.action,
    resourceKind: event.resourceKind,
    resourceName: event.resourceName,
    project: event.project,
    requestId: event.requestId,
    status: event.status,
    durationMs: event.durationMs,
    changes: event.changes,
  };
}
