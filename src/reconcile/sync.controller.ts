import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentPrincipal } from '../auth/access.decorators';
import type { Principal } from '../auth/roles';
import { ZodValidationPipe } from '../common/http/zod-validation.pipe';
import { SyncRequestsService } from './sync-requests.service';

const syncRequest = z.strictObject({
  revision: z.string().min(1).max(256).optional(),
  prune: z.boolean().optional(),
  dryRun: z.boolean().optional(),
});

@ApiTags('applications')
@ApiBearerAuth()
@Controller('api/v1/applications/:name')
export class SyncController {
  constructor(private readonly requests: SyncRequestsService) {}

  /** Sync now (optionally a given revision, with prune, or as a server-side dry run). */
  @Post('sync')
  @HttpCode(200)
  @ApiBody({ schema: z.toJSONSchema(syncRequest) as object, required: false })
  sync(@Param('name') name: string, @Body(new ZodValidationPipe(syncRequest.default({}))) body: z.infer<typeof syncRequest>, @CurrentPrincipal() principal: Principal) {
    return this.requests.sync(name, body, principal.tokenName);
  }

  /** Re-read Git and the cluster now and report; syncs only if the automated policy says so. */
  @Post('refresh')
  @HttpCode(200)
  refresh(@Param('name') name: string) {
    return this.requests.refresh(name);
  }
}
