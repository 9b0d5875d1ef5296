import { Injectable } from '@nestjs/common';
import { notFound } from '../common/errors/domain-error';
import { keyAfter, type Page, toPage } from '../common/http/pagination';
import { parseSelectorParam } from '../common/http/selector-param';
import type { ApplicationOrigin } from '../domain/application';
import { ApplicationRepository } from '../repositories/application.repository';
import { type ApplicationView, toApplicationView } from './application.view';

export interface ApplicationQuery {
  applicationSet?: string;
  origin?: ApplicationOrigin;
  cluster?: string;
  project?: string;
  selector?: string;
  limit: number;
  cursor?: string;
}

@Injectable()
export class ApplicationsService {
  constructor(private readonly applications: ApplicationRepository) {}

  async list(query: ApplicationQuery): Promise<Page<ApplicationView>> {
    const selector = parseSelectorParam(query.selector);
    const rows = await this.applications.list(
      { applicationSet: query.applicationSet, origin: query.origin, cluster: query.cluster, project: query.project, selector },
      query.limit,
      keyAfter(query.cursor, 1)?.[0],
    );
    return toPage(rows, query.limit, (row) => [row.name], toApplicationView);
  }

  async get(name: string): Promise<ApplicationView> {
    const row = await this.applications.findByName(name);
    if (!row) throw notFound('Application', name);
    return toApplicationView(row);
  }
}
