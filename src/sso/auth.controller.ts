import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { noteSessionEvent } from '../audit/session-events';
import { ZodValidationPipe } from '../common/http/zod-validation.pipe';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { CALLBACK_PATH, cookieOptions, LOGIN_COOKIE, readCookie, SESSION_COOKIE } from './cookies';
import { PENDING_LOGIN_TTL_MS } from './pending-login';
import { presentedSession, SessionRequestAuthenticator } from './session-request-authenticator';
import { SignInAuditInterceptor } from './sign-in-audit.interceptor';
import { SignIn } from './sign-in.service';
import { SsoSessions } from './sso-sessions.service';
import { loginQuerySchema, type TokenRequest, tokenRequestSchema } from './sso.schemas';
import { PublicRoute } from '../common/http/public-route.decorator';

/**
 * The browser's and the CLI's way in, outside /api/v1 (no token is needed to sign in). Thin: the rules are in
 * `SignIn` and `SsoSessions`; this sets and clears cookies, redirects, and tells the audit trail which session a
 * sign-in or sign-out concerned. The routes that do work are rate limited per client address, before the body is
 * parsed (`SignInRateLimiter.middleware`, mounted in `src/bootstrap.ts`).
 */
@PublicRoute()
@ApiExcludeController()
@UseInterceptors(SignInAuditInterceptor)
@Controller('auth')
export class AuthController {
  constructor(
    private readonly signIn: SignIn,
    private readonly sessions: SsoSessions,
    private readonly authenticator: SessionRequestAuthenticator,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('config')
  settings() {
    return this.signIn.settings();
  }

  @Get('login')
  async login(@Query(new ZodValidationPipe(loginQuerySchema)) query: { returnTo?: string }, @Req() request: Request, @Res() response: Response) {
    const { redirectTo, pendingCookie } = await this.signIn.begin(query.returnTo);
    response.cookie(LOGIN_COOKIE, pendingCookie, cookieOptions(request, this.config.publicUrl, CALLBACK_PATH, PENDING_LOGIN_TTL_MS));
    response.redirect(302, redirectTo);
  }

  @Get('callback')
  async callback(@Query() query: Record<string, unknown>, @Req() request: Request, @Res() response: Response) {
    const login = this.signIn.claim(query, readCookie(request, LOGIN_COOKIE));
    // Once claimed, the pending sign-in is spent whatever happens next: a failed callback starts again at /auth/login.
    response.clearCookie(LOGIN_COOKIE, cookieOptions(request, this.config.publicUrl, CALLBACK_PATH));
    const session = await this.signIn.finish(query, login);
    noteSessionEvent(request, { sessionId: session.id, subject: session.subject });
    const ttlMs = (this.config.sso?.sessionTtlSeconds ?? 0) * 1000;
    response.cookie(SESSION_COOKIE, session.token, cookieOptions(request, this.config.publicUrl, '/', ttlMs));
    response.redirect(302, `${this.config.publicUrl ?? ''}${session.returnTo}`);
  }

  /** The CLI's sign-in: an ID token for `{ token, expiresAt }`, the token shown this once. */
  @Post('token')
  @HttpCode(201)
  async token(@Body(new ZodValidationPipe(tokenRequestSchema)) body: TokenRequest, @Req() request: Request) {
    const { token, expiresAt, id, subject } = await this.signIn.exchangeIdToken(body.idToken);
    noteSessionEvent(request, { sessionId: id, subject });
    return { token, expiresAt };
  }

  /** Revokes the session presented (bearer `fls_` token or cookie) and clears the cookie; signing out twice is fine. */
  @Post('logout')
  @HttpCode(204)
  async logout(@Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const presented = presentedSession(request);
    if (presented?.via === 'cookie') this.authenticator.assertSameOrigin(request);
    const ended = presented && (await this.sessions.revokeBySecret(presented.secret));
    if (ended) noteSessionEvent(request, { sessionId: ended.id, subject: ended.subject });
    response.clearCookie(SESSION_COOKIE, cookieOptions(request, this.config.publicUrl, '/'));
  }
}
