import { Injectable } from '@nestjs/common';
import { ApplicationRepository } from '../applications/application.repository';
import { DomainError, notFound } from '../common/errors/domain-error';
import { decodeCursor, encodeCursor } from '../common/http/cursor';
import type { SyncRunEntity } from './sync-run.entity';
import { SyncRunRepository } from './sync-run.repository';

export interface SyncRunView {
  id: string;
  application: string;
  applicationSet: string | null;
  cluster: string;
  project: string;
  repository: string;
  path: string;
  revision: string | null;
  trigger: SyncRunEntity['trigger'];
  triggeredBy: string | null;
  phase: SyncRunEntity['phase'];
  message: string | null;
  resources: SyncRunEntity['resources'];
  startedAt: string;
  finishedAt: string | null;
}

@Injectable()
export class HistoryService {
  constructor(
    private readonly runs: SyncRunRepository,
    private readonly applications: ApplicationRepository,
  ) {}

  /** An application's sync runs, newest first. History outlives the application, so only a never-seen name is 404. */
  async forApplication(name: string, limit: number, cursor?: string): Promise<{ items: SyncRunView[]; nextCursor?: string }> {
    const rows = await this.runs.listForApplication(name, limit, cursor ? decodeHistoryCursor(cursor) : undefined);
    if (rows.length === 0 && !cursor && !(await this.applications.findByName(name))) throw notFound('Application', name);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map(toView),
      nextCursor: rows.length > limit ? encodeCursor(JSON.stringify([last.startedAt.toISOString(), last.id])) : undefined,
    };
  }
}

function decodeHistoryCursor(cursor: string): { startedAt: string; id: string } {
  const invalid = new DomainError('ValidationFailed', 'Invalid cursor', [{ field: 'cursor', reason: 'not a cursor returned by this API' }]);
  try {
    const [startedAt, id] = JSON.parse(decodeCursor(cursor)) as unknown[];
    if (typeof startedAt === 'string' && typeof id === 'string' && !Number.isNaN(Date.parse(startedAt))) return { startedAt, id };
  } catch {
    // Reported below: the cursor was not made by this API.
  }
  throw invalid;
}

function toView(run: SyncRunEntity): SyncRunView {
  return {
    id: run.id,
    application: run.application,
    applicationSet: run.applicationSet,
    cluster: run.cluster,
    project: run.project,
    repository: run.repository,
    path: run.path,
    revision: run.revision,
    trigger: run.trigger,
    triggeredBy: run.triggeredBy,
    phase: run.phase,
    message: run.message,
    resources: run.resources,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}
