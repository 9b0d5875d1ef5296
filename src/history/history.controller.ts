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

/** Sync history across the fleet (reads: the viewer role may use every route). */
@ApiTags('history')
@ApiBearerAuth()
@UseInterceptors(YamlResponseInterceptor)
@ApiProduces('application/json', 'application/yaml')
@Controller('api/v1/history')
export class HistoryController {
  constructor(private readonly history: FleetHistoryService) {}

  /** Every sync attempt that matches, newest first: failed, partial and interrupted ones too. */
  @Get()
  @ApiQueryParameters(historyListQuerySchema)
  @ApiListAnswer(syncRunPageSchema, syncRunSchema, 'One page of sync runs, newest first')
  @ApiErrors()
  list(@Query(new ZodValidationPipe(historyListQuerySchema)) query: HistoryListQuery) {
    if (query.format === 'json') return this.history.list(query);
    return streamExport(query.format, this.history.exportRuns(query), syncRunColumns(query.resources === 'true'), 'history');
  }

  /** What was running where: per application and cluster, the last revision successfully applied at or before `at`. */
  @Get('state')
  @ApiQueryParameters(historyStateQuerySchema)
  @ApiListAnswer(appliedRevisionPageSchema, appliedRevisionSchema, 'One page of applied revisions, by application and cluster')
  @ApiErrors()
  state(@Query(new ZodValidationPipe(historyStateQuerySchema)) query: HistoryStateQuery) {
    if (query.format === 'json') return this.history.state(query);
    return streamExport(query.format, this.history.exportState(query), APPLIED_REVISION_COLUMNS, 'history-state');
  }

  /** Every application whose applied revision on a cluster differs between `from` and `to`, old → new. */
  @Get('changes')
  @ApiQueryParameters(historyChangesQuerySchema)
  @ApiListAnswer(revisionChangePageSchema, revisionChangeSchema, 'One page of revision changes, by application and cluster')
  @ApiErrors()
  changes(@Query(new ZodValidationPipe(historyChangesQuerySchema)) query: HistoryChangesQuery) {
    if (query.format === 'json') return this.history.changes(query);
    return streamExport(query.format, this.history.exportChanges(query), REVISION_CHANGE_COLUMNS, 'history-changes');
  }

  /** Per group: syncs by phase, deployments, change-failure rate, sync duration, lead time and time to restore. */
  @Get('summary')
  @ApiQueryParameters(historySummaryQuerySchema)
  @ApiListAnswer(historySummarySchema, historySummaryGroupSchema, 'The DORA figures per group over the window')
  @ApiErrors()
  async summary(@Query(new ZodValidationPipe(historySummaryQuerySchema)) query: HistorySummaryQuery) {
    const summary = await this.history.summary(query);
    // A handful of groups: the export is the JSON answer's groups, one a row.
    return query.format === 'json' ? summary : streamExport(query.format, [summary.groups], SUMMARY_GROUP_COLUMNS, 'history-summary');
  }
}
