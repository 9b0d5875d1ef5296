import { Inject, Injectable } from '@nestjs/common';
import { generateToken, hashToken, LAST_USED_RESOLUTION_MS } from '../auth/token-secrets';
import { Clock } from '../clock/clock';
import { DomainError, notFound } from '../common/errors/domain-error';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { SsoSessionEntity } from '../database/entities/sso-session.entity';
import type { SsoPrincipal } from '../domain/roles';
import { SsoSessionRepository } from '../repositories/sso-session.repository';
import type { SignedInIdentity } from './identity';
import { ssoOff } from './sign-in-refusal';

/** The prefix tells a session secret from an API token (`flt_`), in the guard and in a leaked-secret scan. */
export const SESSION_PREFIX = 'fls_';

export interface SessionView {
  id: string;
  name: string;
  displayName: string;
  groups: string[];
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export interface StartedSession {
  /** The secret: returned once (cookie or CLI answer), only its SHA-256 is stored. */
  token: string;
  expiresAt: string;
  /** The session's id and subject, for the audit log (never the secret). */
  id: string;
  subject: string;
}

/** A session that a sign-out ended: what the audit log records of it. */
export interface EndedSession {
  id: string;
  subject: string;
}

/**
 * Sessions of people signed in through the OIDC provider: started after a verified ID token, looked up by the hash of
 * their secret on every request (so revocation applies at once, on every replica), ended by expiry or revocation.
 */
@Injectable()
export class SsoSessions {
  constructor(
    private readonly sessions: SsoSessionRepository,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async start(identity: SignedInIdentity): Promise<StartedSession> {
    const ttlSeconds = this.config.sso?.sessionTtlSeconds;
    if (ttlSeconds === undefined) throw ssoOff();
    const token = generateToken(SESSION_PREFIX);
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + ttlSeconds * 1000);
    const session = await this.sessions.insert({ secretHash: hashToken(token), ...identity, createdAt: now, expiresAt });
    return { token, expiresAt: expiresAt.toISOString(), id: session.id, subject: session.subject };
  }

  /** The session of a presented secret and its principal; 401 whatever the reason (unknown, expired, revoked, SSO off). */
  async authenticate(secret: string): Promise<{ sessionId: string; principal: SsoPrincipal }> {
    if (!this.config.sso) throw new DomainError('Unauthenticated', 'Single sign-on is not configured; sessions are not accepted');
    const session = await this.sessions.findBySecretHash(hashToken(secret));
    const now = this.clock.now();
    if (!session || session.revokedAt !== null || session.expiresAt <= now) {
      throw new DomainError('Unauthenticated', 'Invalid, expired or revoked session; sign in again');
    }
    await this.sessions.touch(session.id, now, new Date(now.getTime() - LAST_USED_RESOLUTION_MS));
    return { sessionId: session.id, principal: { kind: 'sso', name: session.subject, groups: session.groups } };
  }

  /**
   * Signs out the session of a secret; undefined when it is unknown (signing out twice is not an error). An expired or
   * already revoked session is still named, so the audit log says whose sign-out it was.
   */
  async revokeBySecret(secret: string): Promise<EndedSession | undefined> {
    const session = await this.sessions.findBySecretHash(hashToken(secret));
    if (!session) return undefined;
    await this.sessions.revoke(session.id, this.clock.now());
    return { id: session.id, subject: session.subject };
  }

  async view(id: string): Promise<SessionView> {
    const session = await this.sessions.findById(id);
    if (!session || session.expiresAt <= this.clock.now()) throw notFound('Session', id);
    return toView(session);
  }

  async list(): Promise<SessionView[]> {
    return (await this.sessions.listUnexpired(this.clock.now())).map(toView);
  }

  async revoke(id: string): Promise<void> {
    if (!(await this.sessions.revoke(id, this.clock.now()))) throw notFound('Active session', id);
  }
}

function toView(session: SsoSessionEntity): SessionView {
  return {
    id: session.id,
    name: session.subject,
    displayName: session.displayName,
    groups: session.groups,
    createdAt: session.createdAt.toISOString(),
    expiresAt: session.expiresAt.toISOString(),
    revokedAt: session.revokedAt?.toISOString() ?? null,
    lastUsedAt: session.lastUsedAt?.toISOString() ?? null,
  };
}
