import { Injectable } from '@nestjs/common';
import { notFound } from '../common/errors/domain-error';
import { decodeCursor, encodeCursor } from '../common/http/cursor';
import { parseSelectorParam } from '../common/http/selector-param';
import { ApplicationRepository } from './application.repository';
import { type ApplicationView, toApplicationView } from './application.view';

export interface ApplicationQuery {
  applicationSet?: string;
  cluster?: string;
  project?: string;
  selector?: string;
  limit: number;
  cursor?: string;
}

@Injectable()
export class ApplicationsService {
  constructor(private readonly applications: ApplicationRepository) {}

  async list(query: ApplicationQuery): Promise<{ items: ApplicationView[]; nextCursor?: string }> {
    const selector = parseSelectorParam(query.selector);
    const rows = await this.applications.list(
      { applicationSet: query.applicationSet, cluster: query.cluster, project: query.project, selector },
      query.limit,
      query.cursor ? decodeCursor(query.cursor) : undefined,
    );
    const items = rows.slice(0, query.limit);
    return { items: items.map(toApplicationView), nextCursor: rows.length > query.limit ? encodeCursor(items[items.length - 1].name) : undefined };
  }

  async get(name: string): Promise<ApplicationView> {
    const row = await this.applications.findByName(name);
    if (!row) throw notFound('Application', name);
    return toApplicationView(row);
  }
}
