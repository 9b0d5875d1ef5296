import { Global, Module } from '@nestjs/common';
import { SessionAuthenticator } from '../auth/session-authenticator';
import { AuthController } from './auth.controller';
import { OidcClient } from './oidc-client';
import { PendingLogins } from './pending-login';
import { SessionRequestAuthenticator } from './session-request-authenticator';
import { SessionsController } from './sessions.controller';
import { SignInRateLimiter } from './sign-in-rate-limit';
import { SignIn } from './sign-in.service';
import { SsoSessions } from './sso-sessions.service';

/**
 * Single sign-on through an OpenID Connect provider. Global so the auth guard (`src/auth`) finds the
 * `SessionAuthenticator` it asks about sessions without importing this folder (which imports `src/auth`).
 */
@Global()
@Module({
  controllers: [AuthController, SessionsController],
  providers: [
    OidcClient,
    PendingLogins,
    SsoSessions,
    SignIn,
    SignInRateLimiter,
    SessionRequestAuthenticator,
    { provide: SessionAuthenticator, useExisting: SessionRequestAuthenticator },
  ],
  exports: [SessionAuthenticator],
})
export class SsoModule {}
