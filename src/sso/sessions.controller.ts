import { Controller, Delete, Get, HttpCode, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AboutTheCaller } from '../access/caller-route.decorator';
import { Access, HUB_WIDE } from '../auth/permission.decorator';
import { DomainError } from '../common/errors/domain-error';
import { UuidParamPipe } from '../common/http/uuid-param.pipe';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { cookieOptions, SESSION_COOKIE } from './cookies';
import type { SessionRequest } from './session-request-authenticator';
import { SsoSessions } from './sso-sessions.service';

/** The caller's own session (any signed-in person), and every session (admins). */
@ApiExcludeController()
@Controller('api/v1')
export class SessionsController {
  constructor(
    private readonly sessions: SsoSessions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('session')
  @AboutTheCaller()
  own(@Req() request: SessionRequest) {
    return this.sessions.view(ownSessionId(request));
  }

  @Delete('session')
  @AboutTheCaller()
  @HttpCode(204)
  async signOut(@Req() request: SessionRequest, @Res({ passthrough: true }) response: Response) {
    await this.sessions.revoke(ownSessionId(request));
    response.clearCookie(SESSION_COOKIE, cookieOptions(request, this.config.publicUrl, '/'));
  }

  @Get('sessions')
  @Access('sessions', 'get', HUB_WIDE)
  async list() {
    return { items: await this.sessions.list() };
  }

  @Delete('sessions/:id')
  @Access('sessions', 'delete', HUB_WIDE)
  @HttpCode(204)
  revoke(@Param('id', new UuidParamPipe('Session')) id: string) {
    return this.sessions.revoke(id);
  }
}

function ownSessionId(request: SessionRequest): string {
  if (request.ssoSessionId === undefined) {
    throw new DomainError('NotFound', 'The caller is not signed in with a session (it authenticated with an API token)');
  }
  return request.ssoSessionId;
}
