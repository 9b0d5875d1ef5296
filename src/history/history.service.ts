import { Injectable } from '@nestjs/common';
import { ApplicationRepository } from '../repositories/application.repository';
import { notFound } from '../common/errors/domain-error';
import { type Page, timeKeyAfter, toPage } from '../common/http/pagination';
import { HistoryQueryRepository } from '../repositories/history-query.repository';
import { ProjectRepository } from '../repositories/project.repository';
import { runKeyOf, type SyncRunView, toSyncRunView } from './sync-run.view';

@Injectable()
export class HistoryService {
  constructor(
    private readonly queries: HistoryQueryRepository,
    private readonly applications: ApplicationRepository,
    private readonly projects: ProjectRepository,
  ) {}

  /**
   * An application's sync runs, newest first. History outlives the application, so only a never-seen name is 404.
   * A name can be reused in another project: with `mayGet` (the caller's check of `<project>/<name>`), only the runs
   * of the projects it allows are listed, not an earlier namesake's it may not see.
   */
  async forApplication(name: string, limit: number, cursor?: string, mayGet?: (object: string) => boolean): Promise<Page<SyncRunView>> {
    const after = timeKeyAfter(cursor);
    const projects = mayGet && (await this.projects.list()).map((project) => project.name).filter((project) => mayGet(`${project}/${name}`));
    // The fleet-wide list's query, narrowed to the application, with the per-resource results.
    const rows = await this.queries.listRuns({ application: name, selector: [], projects }, limit + 1, { after: after && { startedAt: after.at, id: after.id }, resources: true });
    if (rows.length === 0 && !cursor && !(await this.applications.findByName(name))) throw notFound('Application', name);
    return toPage(rows, limit, runKeyOf, toSyncRunView);
  }
}
