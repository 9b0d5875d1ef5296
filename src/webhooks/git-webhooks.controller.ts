import { Body, Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { PublicRoute } from '../common/http/public-route.decorator';
import { ApiAnswer, ApiErrors, ApiRequestBody } from '../common/http/openapi';
import { GitWebhooksService } from './git-webhooks.service';
import { pushEventSchema, webhookOutcomeSchema } from './webhook.schemas';

@ApiTags('webhooks')
@Controller('api/v1/webhooks')
export class GitWebhooksController {
  constructor(private readonly webhooks: GitWebhooksService) {}

  /** GitHub and GitLab push events; authenticated by the shared secret, not a bearer token. */
  @Post('git')
  @HttpCode(202)
  @PublicRoute()
  @ApiHeader({ name: 'X-GitHub-Event', required: false, description: 'GitHub: the event (only push is acted on)' })
  @ApiHeader({ name: 'X-Hub-Signature-256', required: false, description: 'GitHub: sha256=<HMAC of the body with GIT_WEBHOOK_SECRET>' })
  @ApiHeader({ name: 'X-Gitlab-Event', required: false, description: 'GitLab: the event (Push Hook and Tag Push Hook are acted on)' })
  @ApiHeader({ name: 'X-Gitlab-Token', required: false, description: 'GitLab: GIT_WEBHOOK_SECRET' })
  @ApiRequestBody(pushEventSchema)
  @ApiAnswer(202, webhookOutcomeSchema, 'Accepted; a push refreshes the repository at once and re-expands the ApplicationSets reading it')
  @ApiErrors(
    { status: 400, description: 'Neither a GitHub nor a GitLab webhook, or a push event of the wrong shape' },
    { status: 401, description: 'The signature or token does not match GIT_WEBHOOK_SECRET' },
    { status: 403, description: 'Webhooks are disabled (GIT_WEBHOOK_SECRET is not set)' },
  )
  receive(@Headers() headers: Record<string, string | string[] | undefined>, @Body() body: unknown, @Req() request: Request & { rawBody?: Buffer }) {
    return this.webhooks.receive(headers, body, request.rawBody);
  }
}
