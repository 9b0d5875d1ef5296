import { Injectable } from '@nestjs/common';
import { notFound } from '../common/errors/domain-error';
import { keyAfter, type Page, toPage, visibleRows } from '../common/http/pagination';
import { parseSelectorParam } from '../common/http/selector-param';
import type { ApplicationOrigin } from '../domain/application';
import { ApplicationRepository } from '../repositories/application.repository';
import { type ApplicationView, toApplicationView } from './application.view';
import type { ApplicationEntity } from '../database/entities/application.entity';

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

  /** `visible` says, from an application's `<project>/<name>`, whether the caller may see it; none: every one. */
  async list(query: ApplicationQuery, visible?: (object: string) => boolean): Promise<Page<ApplicationView>> {
    const selector = parseSelectorParam(query.selector);
    const filter = { applicationSet: query.applicationSet, origin: query.origin, cluster: query.cluster, project: query.project, selector };
    const cursor = keyAfter(query.cursor, 1)?.[0];
    const rows = await visibleRows<ApplicationEntity>(
      query.limit,
      (after, count) => this.applications.list(filter, count, after ? after.name : cursor),
      visible && ((chunk) => chunk.filter((row) => visible(`${row.project}/${row.name}`))),
    );
    return toPage(rows, query.limit, (row) => [row.name], toApplicationView);
  }

  async get(name: string): Promise<ApplicationView> {
    const row = await this.applications.findByName(name);
    if (!row) throw notFound('Application', name);
    return toApplicationView(row);
  }
}
