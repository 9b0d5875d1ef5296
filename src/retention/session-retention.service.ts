import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { SsoSessionRepository } from '../repositories/sso-session.repository';

/**
 * Single sign-on sessions past their expiry (revoked or not) are of no use: authentication refuses them and the
 * session list leaves them out. The daily pass deletes them, so the table holds at most a day of ended sessions.
 */
@Injectable()
export class SessionRetention {
  constructor(
    private readonly sessions: SsoSessionRepository,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** Removes the expired sessions; returns how many. */
  pruneExpired(): Promise<number> {
    return this.sessions.deleteExpiredBy(this.clock.now());
  }
}
