import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { noteSessionEvent } from '../audit/session-events';
import { Clock } from '../clock/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AddressBuckets, clientOf } from './address-buckets';

/**
 * The anonymous routes that do work, by path: `/auth/login`, `/auth/callback`, `/auth/token` and `/auth/logout`, with
 * the one trailing slash Express's router ignores. `/auth/config` is a constant answer and is not limited.
 */
const LIMITED_PATH = /^\/auth\/(?:login|callback|token|logout)\/?$/;

/**
 * The budget of the anonymous sign-in routes per client address (AUTH_RATE_LIMIT_*), in this replica's memory: each
 * of those requests costs the provider a round trip or the database a write (and the audit log a row), and no token
 * is needed to send one. Per replica, so behind a load balancer a client may get up to the limit times the replicas.
 */
@Injectable()
export class SignInRateLimiter {
  private readonly buckets?: AddressBuckets;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(Clock) private readonly clock: Clock,
  ) {
    const { perMinute, burst, maxAddresses } = config.authRateLimit;
    if (perMinute > 0) this.buckets = new AddressBuckets(perMinute, burst, maxAddresses);
  }

  /** 0 when the request may go on, else the whole seconds the client should wait. */
  admit(request: Request): number {
    // request.ip is the socket's address unless Express's "trust proxy" is set, then the client X-Forwarded-For names.
    const waitMs = this.buckets?.take(clientOf(request.ip), this.clock.now().getTime()) ?? 0;
    return waitMs === 0 ? 0 : Math.max(1, Math.ceil(waitMs / 1000));
  }

  /**
   * The limit as an Express middleware, mounted by `src/bootstrap.ts` after the audit trail and before the body
   * parsers and the router: every request to a limited path counts, whatever its method or body, so a request the
   * parser or the router would refuse (a malformed body, 400; a `text/plain` one, 415) cannot go round the limit.
   * One over the budget is answered 429 with Retry-After in the hub's error shape (`TooManyRequests`, through the
   * global filter) and marked for the audit trail, which leaves it out whatever happens to the connection.
   */
  middleware() {
    return (request: Request, response: Response, next: NextFunction): void => {
      if (!LIMITED_PATH.test(request.path)) return next();
      const retryAfterSeconds = this.admit(request);
      if (retryAfterSeconds === 0) return next();
      noteSessionEvent(request, { rateLimited: true });
      response.setHeader('Retry-After', String(retryAfterSeconds));
      next(new HttpException(`Too many sign-in requests from this address; try again in ${retryAfterSeconds} s`, HttpStatus.TOO_MANY_REQUESTS));
    };
  }
}
