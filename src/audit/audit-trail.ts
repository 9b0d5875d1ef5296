import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { AuthenticatedRequest } from '../auth/access.decorators';
import { Clock } from '../clock/clock';
import { OutageMonitor } from '../common/errors/outages';
import { requestIdOf } from '../logging/request-id';
import { AuditEventRepository } from '../repositories/audit-event.repository';
import { describeRequest, isAuditedMethod, isAuditedPath, type RequestDescription } from './request-summary';
import { describeSessionEvent, mayBeSessionEvent, sessionActionOf, sessionEventOf } from './session-events';

/** nginx's "client closed request": the client went away before the answer, so its outcome is unknown. */
const CLIENT_WENT_AWAY = 499;

/**
 * Records every request under /api/v1 that asks to change something (POST, PUT, PATCH, DELETE) once its answer has
 * gone out, whatever the outcome: refused by the auth guard (401, 403), by validation or the body parser (4xx), failed
 * (5xx) or done; every read the guard refused: 401, 403, and the 404 that hides an object the caller may not see; and
 * every sign-in and sign-out on the anonymous /auth routes, done or refused (`session-events.ts`), except those the
 * sign-in rate limit refused (429; marked on the request by the limiter, so left out even when the client hangs up
 * before the answer), which would let one client write rows as fast as it can send.
 * An Express middleware placed before everything else, because it alone sees every outcome; it reads what the guard
 * (the principal, the project, whether it refused) and the router (the route template) left on the request when the
 * response closes.
 * Writing never delays or fails the request; a failed write is logged, once per outage when the database is down.
 */
@Injectable()
export class AuditTrail implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Audit');
  /** Requests being answered, then written: what `settled` waits for. */
  private readonly pending = new Set<Promise<void>>();
  /** Only the writes under way: what shutdown waits for before the database closes. */
  private readonly writes = new Set<Promise<void>>();

  constructor(
    private readonly events: AuditEventRepository,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(OutageMonitor) private readonly outages: OutageMonitor,
  ) {}

  middleware() {
    return (req: Request, res: Response, next: NextFunction): void => {
      if (isAuditedPath(req.path) || mayBeSessionEvent(req.path)) this.follow(req, res);
      next();
    };
  }

  /** Resolves once every audited request that has started is answered and written (tests wait on it). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.writes);
  }

  private follow(req: AuthenticatedRequest, res: Response): void {
    const occurredAt = this.clock.now();
    const started = process.hrtime.bigint();
    // The router rewrites req.url while it routes: the path and query are read now, as the client sent them.
    const path = req.path;
    const query = req.query as Record<string, unknown>;
    const recorded = new Promise<void>((resolve) => {
      res.once('close', () => {
        const status = res.writableFinished ? res.statusCode : CLIENT_WENT_AWAY;
        const description = this.describe(req, res, path, query, status);
        if (!description) return resolve();
        const write = this.write({
          ...description,
          project: req.accessProject ?? null,
          occurredAt,
          method: req.method,
          requestId: requestIdOf(req, res),
          status,
          durationMs: Number((process.hrtime.bigint() - started) / 1_000_000n),
        });
        this.writes.add(write);
        void write.finally(() => {
          this.writes.delete(write);
          resolve();
        });
      });
    });
    this.pending.add(recorded);
    void recorded.finally(() => this.pending.delete(recorded));
  }

  /** What to record of a finished request; undefined when it is not recorded. */
  private describe(req: AuthenticatedRequest, res: Response, path: string, query: Record<string, unknown>, status: number): RequestDescription | undefined {
    const routePath = (req.route as { path?: string } | undefined)?.path;
    const route = routePath === undefined ? undefined : `${req.baseUrl}${routePath}`;
    if (!isAuditedPath(path)) {
      const action = sessionActionOf(req.method, route, path);
      const note = sessionEventOf(req);
      if (action === undefined || note?.rateLimited === true) return undefined;
      return describeSessionEvent({ action, path, route, status, note });
    }
    if (!isAuditedMethod(req.method) && !refused(req, res)) return undefined;
    return describeRequest({
      method: req.method,
      path,
      route,
      params: req.params as Record<string, unknown>,
      query,
      body: req.body,
      principal: req.principal,
      sessionId: req.ssoSessionId,
    });
  }

  private async write(event: Parameters<AuditEventRepository['insert']>[0]): Promise<void> {
    try {
      await this.events.insert(event);
    } catch (error) {
      if (this.outages.recordIfOutage(error)) return;
      this.logger.error({ err: error }, `Could not record ${event.method} ${event.path} (request ${event.requestId}) in the audit log`);
    }
  }
}

/** A read is recorded when the guard refused it: no or a bad token (401), a 403, or a 404 it answered for a denial. */
function refused(req: AuthenticatedRequest, res: Response): boolean {
  return req.accessDenied === true || (res.writableFinished && (res.statusCode === 401 || res.statusCode === 403));
}
