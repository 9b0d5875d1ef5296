import { Injectable } from '@nestjs/common';
import { ApplicationRepository } from '../repositories/application.repository';
import { DomainError, notFound } from '../common/errors/domain-error';
import { keyAfter, type Page, toPage } from '../common/http/pagination';
import { isUuid } from '../common/http/uuid-param.pipe';
import type { SyncRunEntity } from '../database/entities/sync-run.entity';
import { SyncRunRepository } from '../repositories/sync-run.repository';

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
  rollout: string | null;
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
  async forApplication(name: string, limit: number, cursor?: string): Promise<Page<SyncRunView>> {
    const rows = await this.runs.listForApplication(name, limit, startedBefore(cursor));
    if (rows.length === 0 && !cursor && !(await this.applications.findByName(name))) throw notFound('Application', name);
    return toPage(rows, limit, (run) => [run.startedAt.toISOString(), run.id], toView);
  }
}

function startedBefore(cursor: string | undefined): { startedAt: string; id: string } | undefined {
  const key = keyAfter(cursor, 2);
  if (!key) return undefined;
  const [startedAt, id] = key;
  // Exactly what toPage wrote (toISOString, a UUID): anything looser could still fail the query.
  if (!isIsoTimestamp(startedAt) || !isUuid(id)) {
    throw new DomainError('ValidationFailed', 'Invalid cursor', [{ field: 'cursor', reason: 'not a cursor returned by this API' }]);
  }
  return { startedAt, id };
}

function isIsoTimestamp(text: string): boolean {
  const time = Date.parse(text);
  return !Number.isNaN(time) && new Date(time).toISOString() === text;
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
    rollout: run.rollout,
    phase: run.phase,
    message: run.message,
    resources: run.resources,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}
