import { Injectable } from '@nestjs/common';
import { ApplicationRepository } from '../repositories/application.repository';
import { notFound } from '../common/errors/domain-error';
import { type Page, timeKeyAfter, toPage } from '../common/http/pagination';
import { SyncRunRepository } from '../repositories/sync-run.repository';
import { runKeyOf, type SyncRunView, toSyncRunView } from './sync-run.view';

@Injectable()
export class HistoryService {
  constructor(
    private readonly runs: SyncRunRepository,
    private readonly applications: ApplicationRepository,
  ) {}

  /** An application's sync runs, newest first. History outlives the application, so only a never-seen name is 404. */
  async forApplication(name: string, limit: number, cursor?: string): Promise<Page<SyncRunView>> {
    const after = timeKeyAfter(cursor);
    const rows = await this.runs.listForApplication(name, limit, after && { startedAt: after.at, id: after.id });
    if (rows.length === 0 && !cursor && !(await this.applications.findByName(name))) throw notFound('Application', name);
    return toPage(rows, limit, runKeyOf, toSyncRunView);
  }
}
