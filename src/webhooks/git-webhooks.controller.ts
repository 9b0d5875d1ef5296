import { Body, Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { PublicRoute } from '../auth/public.decorator';
import { GitWebhooksService } from './git-webhooks.service';

@ApiTags('webhooks')
@Controller('api/v1/webhooks')
export class GitWebhooksController {
  constructor(private readonly webhooks: GitWebhooksService) {}

  /** GitHub and GitLab push events; authenticated by the shared secret, not a bearer token. */
  @Post('git')
  @HttpCode(202)
  @PublicRoute()
  receive(@Headers() headers: Record<string, string | string[] | undefined>, @Body() body: unknown, @Req() request: Request & { rawBody?: Buffer }) {
    return this.webhooks.receive(headers, body, request.rawBody);
  }
}
