import { Controller, Get, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiListAnswer, streamExport } from '../common/http/export';
import { ApiErrors, ApiQueryParameters } from '../common/http/openapi';
import { YamlResponseInterceptor } from '../common/http/yaml-response.interceptor';
import { ZodValidationPipe } from '../common/http/zod-validation.pipe';
import { FleetHistoryService } from './fleet-history.service';
import {
  appliedRevisionPageSchema,
  appliedRevisionSchema,
  type HistoryChangesQuery,
  historyChangesQuerySchema,
  type HistoryListQuery,
  historyListQuerySchema,
  type HistoryStateQuery,
  historyStateQuerySchema,
  type HistorySummaryQuery,
  historySummaryQuerySchema,
  historySummaryGroupSchema,
  historySummarySchema,
  revisionChangePageSchema,
  revisionChangeSchema,
  syncRunPageSchema,
  syncRunSchema,
} from './history.schemas';
import { APPLIED_REVISION_COLUMNS, REVISION_CHANGE_COLUMNS, SUMMARY_GROUP_COLUMNS } from './history.views';
import { syncRunColumns } from './sync-run.view';
import { Access, EACH_ROW } from '../auth/permission.decorator';
import { VisibleProjects } from '../auth/visible-projects';
import { CallerAccess, type RequestAccess } from '../auth/request-access';

/** Sync history across the fleet: every route shows only the runs of the projects whose applications the caller may get. */
@ApiTags('history')
@ApiBearerAuth()
@UseInterceptors(YamlResponseInterceptor)
@ApiProduces('application/json', 'application/yaml')
@Controller('api/v1/history')
export class HistoryController {
  constructor(
    private readonly history: FleetHistoryService,
    private readonly visibleProjects: VisibleProjects,
  ) {}

  /** Every sync attempt that matches, newest first: failed, partial and interrupted ones too. */
  @Get()
  @Access('applications', 'get', EACH_ROW)
  @ApiQueryParameters(historyListQuerySchema)
  @ApiListAnswer(syncRunPageSchema, syncRunSchema, 'One page of sync runs, newest first')
  @ApiErrors()
  async list(@Query(new ZodValidationPipe(historyListQuerySchema)) query: HistoryListQuery, @CallerAccess() access: RequestAccess) {
    const projects = await this.visibleProjects.of(access, 'applications');
    if (query.format === 'json') return this.history.list(query, projects);
    return streamExport(query.format, this.history.exportRuns(query, projects), syncRunColumns(query.resources === 'true'), 'history');
  }

  /** What was running where: per application and cluster, the last revision successfully applied at or before `at`. */
  @Get('state')
  @Access('applications', 'get', EACH_ROW)
  @ApiQueryParameters(historyStateQuerySchema)
  @ApiListAnswer(appliedRevisionPageSchema, appliedRevisionSchema, 'One page of applied revisions, by application and cluster')
  @ApiErrors()
  async state(@Query(new ZodValidationPipe(historyStateQuerySchema)) query: HistoryStateQuery, @CallerAccess() access: RequestAccess) {
    const projects = await this.visibleProjects.of(access, 'applications');
    if (query.format === 'json') return this.history.state(query, projects);
    return streamExport(query.format, this.history.exportState(query, projects), APPLIED_REVISION_COLUMNS, 'history-state');
  }

  /** Every application whose applied revision on a cluster differs between `from` and `to`, old → new. */
  @Get('changes')
  @Access('applications', 'get', EACH_ROW)
  @ApiQueryParameters(historyChangesQuerySchema)
  @ApiListAnswer(revisionChangePageSchema, revisionChangeSchema, 'One page of revision changes, by application and cluster')
  @ApiErrors()
  async changes(@Query(new ZodValidationPipe(historyChangesQuerySchema)) query: HistoryChangesQuery, @CallerAccess() access: RequestAccess) {
    const projects = await this.visibleProjects.of(access, 'applications');
    if (query.format === 'json') return this.history.changes(query, projects);
    return streamExport(query.format, this.history.exportChanges(query, projects), REVISION_CHANGE_COLUMNS, 'history-changes');
  }

  /** Per group: syncs by phase, deployments, change-failure rate, sync duration, lead time and time to restore. */
  @Get('summary')
  @Access('applications', 'get', EACH_ROW)
  @ApiQueryParameters(historySummaryQuerySchema)
  @ApiListAnswer(historySummarySchema, historySummaryGroupSchema, 'The DORA figures per group over the window')
  @ApiErrors()
  async summary(@Query(new ZodValidationPipe(historySummaryQuerySchema)) query: HistorySummaryQuery, @CallerAccess() access: RequestAccess) {
    const projects = await this.visibleProjects.of(access, 'applications');
    const summary = await this.history.summary(query, projects);
    // A handful of groups: the export is the JSON answer's groups, one a row.
    return query.format === 'json' ? summary : streamExport(query.format, [summary.groups], SUMMARY_GROUP_COLUMNS, 'history-summary');
  }
}
