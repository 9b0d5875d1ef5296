import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { CurrentPrincipal } from '../auth/access.decorators';
import { ApiAnswer, ApiErrors, ApiQueryParameters, ApiRequestBody } from '../common/http/openapi';
import { ZodValidationPipe } from '../common/http/zod-validation.pipe';
import { YamlResponseInterceptor } from '../common/http/yaml-response.interceptor';
import type { Principal } from '../domain/roles';
import { HistoryService } from '../history/history.service';
import { syncRunPageSchema } from '../history/history.schemas';
import {
  applicationDeletionSchema,
  applicationDiffSchema,
  applicationManifestBody,
  applicationPageSchema,
  applicationSchema,
  applicationStatusSchema,
  diffQuerySchema,
  historyQuerySchema,
  listApplicationsQuerySchema,
  refreshQuerySchema,
  syncRequestSchema,
  syncResultSchema,
} from './application.schemas';
import { ApplicationDiffService } from './application-diff.service';
import { ApplicationManifestsService } from './application-manifests.service';
import { ApplicationsService } from './applications.service';
import { SyncRequestsService } from './sync-requests.service';
import { Access, createdBy, EACH_ROW, stored } from '../auth/permission.decorator';
import { CallerAccess, type RequestAccess } from '../auth/request-access';

const SHARD_ELSEWHERE = { status: 503, description: "Another hub replica holds the application's shard (the message names it); retry there" };
const GENERATED = { status: 409, description: 'The application is managed by an ApplicationSet (the message names it): change the set instead' };
const REFUSED = {
  status: 422,
  description: 'Well formed, but refused by the hub: a project that does not exist or does not permit the source or destination, an unregistered cluster, a repoURL with a password',
};

/** Every `/applications` route: reads, applications written by hand, manual sync and refresh, and the sync history. */
@ApiTags('applications')
@ApiBearerAuth()
@UseInterceptors(YamlResponseInterceptor)
@ApiProduces('application/json', 'application/yaml')
@Controller('api/v1/applications')
export class ApplicationsController {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly manifests: ApplicationManifestsService,
    private readonly requests: SyncRequestsService,
    private readonly history: HistoryService,
    private readonly diffs: ApplicationDiffService,
  ) {}

  @Get()
  @Access('applications', 'get', EACH_ROW)
  @ApiQueryParameters(listApplicationsQuerySchema)
  @ApiAnswer(200, applicationPageSchema, 'One page of applications, by name')
  @ApiErrors()
  list(@Query(new ZodValidationPipe(listApplicationsQuerySchema)) query: z.infer<typeof listApplicationsQuerySchema>, @CallerAccess() access: RequestAccess) {
    return this.applications.list(query, access.rowFilter('applications'));
  }

  /** An Argo CD Application written by hand, owned by no ApplicationSet; reconciled at once. */
  @Post()
  @Access('applications', 'create', createdBy('application'))
  @ApiConsumes('application/json', 'application/yaml')
  @ApiRequestBody(applicationManifestBody)
  @ApiAnswer(201, applicationSchema, 'The stored application (status.origin manual)')
  @ApiErrors({ status: 409, description: 'An application of this name exists (names are unique hub-wide)' }, REFUSED)
  create(@Body() body: unknown) {
    return this.manifests.create(body);
  }

  /** Replaces the manifest of an application created by hand (or an orphan, which becomes manual). */
  @Put(':name')
  @Access('applications', 'update', stored.application('name'))
  @ApiConsumes('application/json', 'application/yaml')
  @ApiRequestBody(applicationManifestBody, { description: 'metadata.name must be the name in the path' })
  @ApiAnswer(200, applicationSchema, 'The application, replaced; it is reconciled at once')
  @ApiErrors(404, GENERATED, REFUSED)
  replace(@Param('name') name: string, @Body() body: unknown) {
    return this.manifests.replace(name, body);
  }

  /** With the resources finalizer the cluster objects are deleted first (Argo CD's cascading deletion); else they stay. */
  @Delete(':name')
  @Access('applications', 'delete', stored.application('name'))
  @ApiAnswer(200, applicationDeletionSchema, 'The application is deleted; what happened to its cluster objects')
  @ApiErrors(404, GENERATED, { status: 422, description: 'The cluster objects could not all be deleted: the application stays (the message says why)' }, SHARD_ELSEWHERE)
  delete(@Param('name') name: string) {
    return this.manifests.delete(name);
  }

  @Get(':name')
  @Access('applications', 'get', stored.application('name'))
  @ApiAnswer(200, applicationSchema, 'The application with its status')
  @ApiErrors(404)
  get(@Param('name') name: string) {
    return this.applications.get(name);
  }

  /** Live against desired, per resource (`argocd app diff`): reads Git and the cluster, changes nothing. */
  @Get(':name/diff')
  @Access('applications', 'get', stored.application('name'))
  @ApiQueryParameters(diffQuerySchema)
  @ApiAnswer(200, applicationDiffSchema, 'Each resource that differs, with a unified diff of its normalised YAML, and the counts')
  @ApiErrors(
    404,
    { status: 422, description: 'Nothing to compare: the spec, project, revision, render or destination is wrong (the message says why)' },
    { status: 502, description: 'The destination cluster could not be read (the message says why)' },
  )
  diff(@Param('name') name: string, @Query(new ZodValidationPipe(diffQuerySchema)) query: z.infer<typeof diffQuerySchema>) {
    return this.diffs.diff(name, query.all === 'true');
  }

  /** Sync now, at the branch or tag as Git has it now (or a given revision), with prune, or as a server-side dry run. */
  @Post(':name/sync')
  @Access('applications', 'sync', stored.application('name'))
  @HttpCode(200)
  @ApiRequestBody(syncRequestSchema, { required: false })
  @ApiAnswer(200, syncResultSchema, 'What the sync did to each resource, and the status after it')
  @ApiErrors(404, { status: 422, description: 'The sync could not start (the message says why: revision, render, permissions)' }, SHARD_ELSEWHERE)
  sync(@Param('name') name: string, @Body(new ZodValidationPipe(syncRequestSchema.default({}))) body: z.infer<typeof syncRequestSchema>, @CurrentPrincipal() principal: Principal) {
    return this.requests.sync(name, body, principal.name);
  }

  /** Re-read Git and the cluster now and report; syncs only if the automated policy says so. */
  @Post(':name/refresh')
  @Access('applications', 'sync', stored.application('name'))
  @HttpCode(200)
  @ApiQueryParameters(refreshQuerySchema)
  @ApiAnswer(200, applicationStatusSchema, 'The status after comparing Git with the cluster')
  @ApiErrors(404, SHARD_ELSEWHERE)
  refresh(@Param('name') name: string, @Query(new ZodValidationPipe(refreshQuerySchema)) query: z.infer<typeof refreshQuerySchema>) {
    return this.requests.refresh(name, query.hard === 'true');
  }

  /** Every sync attempt of the application, newest first. */
  @Get(':name/history')
  @Access('applications', 'get', stored.applicationHistory('name'))
  @ApiQueryParameters(historyQuerySchema)
  @ApiAnswer(200, syncRunPageSchema, 'One page of sync runs, newest first')
  @ApiErrors({ status: 404, description: 'No application of this name ever existed' })
  listHistory(@Param('name') name: string, @Query(new ZodValidationPipe(historyQuerySchema)) query: z.infer<typeof historyQuerySchema>, @CallerAccess() access: RequestAccess) {
    return this.history.forApplication(name, query.limit, query.cursor, access.rowFilter('applications'));
  }
}
