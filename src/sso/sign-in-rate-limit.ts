import { type CanActivate, type ExecutionContext, HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Clock } from '../clock/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AddressBuckets, clientOf } from './address-buckets';

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
}

/** Refuses a sign-in request over its client's budget: 429 with Retry-After, in the hub's error shape. */
@Injectable()
export class SignInRateLimitGuard implements CanActivate {
  constructor(private readonly limiter: SignInRateLimiter) {}

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const retryAfterSeconds = this.limiter.admit(http.getRequest<Request>());
    if (retryAfterSeconds === 0) return true;
    http.getResponse<Response>().setHeader('Retry-After', String(retryAfterSeconds));
    throw new HttpException(`Too many sign-in requests from this address; try again in ${retryAfterSeconds} s`, HttpStatus.TOO_MANY_REQUESTS);
  }
}
