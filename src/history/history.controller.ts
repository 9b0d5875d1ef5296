import { Controller, Get, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiAnswer, ApiErrors, ApiQueryParameters } from '../common/http/openapi';
import { YamlResponseInterceptor } from '../common/http/yaml-response.interceptor';
import { ZodValidationPipe } from '../common/http/zod-validation.pipe';
import { FleetHistoryService } from './fleet-history.service';
import {
  appliedRevisionPageSchema,
  type HistoryChangesQuery,
  historyChangesQuerySchema,
  type HistoryListQuery,
  historyListQuerySchema,
  type HistoryStateQuery,
  historyStateQuerySchema,
  type HistorySummaryQuery,
  historySummaryQuerySchema,
  historySummarySchema,
  revisionChangePageSchema,
  syncRunPageSchema,
} from './history.schemas';

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
  @ApiAnswer(200, syncRunPageSchema, 'One page of sync runs, newest first')
  @ApiErrors()
  list(@Query(new ZodValidationPipe(historyListQuerySchema)) query: HistoryListQuery) {
    return this.history.list(query);
  }

  /** What was running where: per application and cluster, the last revision successfully applied at or before `at`. */
  @Get('state')
  @ApiQueryParameters(historyStateQuerySchema)
  @ApiAnswer(200, appliedRevisionPageSchema, 'One page of applied revisions, by application and cluster')
  @ApiErrors()
  state(@Query(new ZodValidationPipe(historyStateQuerySchema)) query: HistoryStateQuery) {
    return this.history.state(query);
  }

  /** Every application whose applied revision on a cluster differs between `from` and `to`, old → new. */
  @Get('changes')
  @ApiQueryParameters(historyChangesQuerySchema)
  @ApiAnswer(200, revisionChangePageSchema, 'One page of revision changes, by application and cluster')
  @ApiErrors()
  changes(@Query(new ZodValidationPipe(historyChangesQuerySchema)) query: HistoryChangesQuery) {
    return this.history.changes(query);
  }

  /** Per group: syncs by phase, deployments, change-failure rate, sync duration, lead time and time to restore. */
  @Get('summary')
  @ApiQueryParameters(historySummaryQuerySchema)
  @ApiAnswer(200, historySummarySchema, 'The DORA figures per group over the window')
  @ApiErrors()
  summary(@Query(new ZodValidationPipe(historySummaryQuerySchema)) query: HistorySummaryQuery) {
    return this.history.summary(query);
  }
}
