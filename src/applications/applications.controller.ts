import { Body, Controller, Get, HttpCode, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentPrincipal } from '../auth/access.decorators';
import { pageQuery } from '../common/http/pagination';
import { ZodValidationPipe } from '../common/http/zod-validation.pipe';
import { YamlResponseInterceptor } from '../common/http/yaml-response.interceptor';
import type { Principal } from '../domain/roles';
import { HistoryService } from '../history/history.service';
import { ApplicationsService } from './applications.service';
import { SyncRequestsService } from './sync-requests.service';

const listQuery = z.strictObject({
  applicationSet: z.string().min(1).optional(),
  cluster: z.string().min(1).optional(),
  project: z.string().min(1).optional(),
  selector: z.string().max(4096).optional(),
  ...pageQuery(1000, 100),
});

const historyQuery = z.strictObject(pageQuery(500, 50));

const refreshQuery = z.strictObject({ hard: z.enum(['true', 'false']).optional() });

const syncRequest = z.strictObject({
  revision: z.string().min(1).max(256).optional(),
  prune: z.boolean().optional(),
  dryRun: z.boolean().optional(),
});

/** Every `/applications` route: reads, manual sync and refresh, and the sync history. */
@ApiTags('applications')
@ApiBearerAuth()
@UseInterceptors(YamlResponseInterceptor)
@ApiProduces('application/json', 'application/yaml')
@Controller('api/v1/applications')
export class ApplicationsController {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly requests: SyncRequestsService,
    private readonly history: HistoryService,
  ) {}

  @Get()
  list(@Query(new ZodValidationPipe(listQuery)) query: z.infer<typeof listQuery>) {
    return this.applications.list(query);
  }

  @Get(':name')
  get(@Param('name') name: string) {
    return this.applications.get(name);
  }

  /** Sync now, at the branch or tag as Git has it now (or a given revision), with prune, or as a server-side dry run. */
  @Post(':name/sync')
  @HttpCode(200)
  @ApiBody({ schema: z.toJSONSchema(syncRequest) as object, required: false })
  sync(@Param('name') name: string, @Body(new ZodValidationPipe(syncRequest.default({}))) body: z.infer<typeof syncRequest>, @CurrentPrincipal() principal: Principal) {
    return this.requests.sync(name, body, principal.tokenName);
  }

  /** Re-read Git and the cluster now and report; syncs only if the automated policy says so. */
  @Post(':name/refresh')
  @HttpCode(200)
  @ApiQuery({ name: 'hard', required: false, description: 'true: render the source again instead of using the cached render (Argo CD hard refresh)' })
  refresh(@Param('name') name: string, @Query(new ZodValidationPipe(refreshQuery)) query: z.infer<typeof refreshQuery>) {
    return this.requests.refresh(name, query.hard === 'true');
  }

  /** Every sync attempt of the application, newest first. */
  @Get(':name/history')
  listHistory(@Param('name') name: string, @Query(new ZodValidationPipe(historyQuery)) query: z.infer<typeof historyQuery>) {
    return this.history.forApplication(name, query.limit, query.cursor);
  }
}
