import { Injectable } from '@nestjs/common';
import { ApplicationRepository } from '../repositories/application.repository';
import { notFound } from '../common/errors/domain-error';
import { type Page, timeKeyAfter, toPage } from '../common/http/pagination';
import { HistoryQueryRepository } from '../repositories/history-query.repository';
import { runKeyOf, type SyncRunView, toSyncRunView } from './sync-run.view';

@Injectable()
export class HistoryService {
  constructor(
    private readonly queries: HistoryQueryRepository,
    private readonly applications: ApplicationRepository,
  ) {}

  /** An application's sync runs, newest first. History outlives the application, so only a never-seen name is 404. */
  async forApplication(name: string, limit: number, cursor?: string): Promise<Page<SyncRunView>> {
    const after = timeKeyAfter(cursor);
    // The fleet-wide list's query, narrowed to the application, with the per-resource results.
    const rows = await this.queries.listRuns({ application: name, selector: [] }, limit + 1, { after: after && { startedAt: after.at, id: after.id }, resources: true });
    if (rows.length === 0 && !cursor && !(await this.applications.findByName(name))) throw notFound('Application', name);
    return toPage(rows, limit, runKeyOf, toSyncRunView);
  }
}
