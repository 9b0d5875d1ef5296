import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { Observable } from 'rxjs';
import { DomainError, validationFailed } from '../errors/domain-error';
import { findBodyProblem, findParameterProblem } from './input-guard';

/** A body may expand (through YAML aliases) to this many times BODY_LIMIT; plain JSON and YAML stay well under it. */
const EXPANSION_FACTOR = 4;

/**
 * Every route's path parameters, query parameters and body are checked after authentication and before any pipe
 * or handler sees them: text the database cannot store (NUL, unpaired surrogates), control characters in
 * single-line parameters, prototype keys, bodies nested too deep for recursive code, and YAML alias bombs. Global,
 * so a new route is covered without doing anything.
 */
export class InputGuardInterceptor implements NestInterceptor {
  constructor(private readonly bodyLimitBytes: number) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') this.check(context.switchToHttp().getRequest<Request>());
    return next.handle();
  }

  private check(request: Request): void {
    const parameter =
      findParameterProblem('path', request.params as Record<string, unknown>) ?? findParameterProblem('query', request.query as Record<string, unknown>);
    if (parameter) throw validationFailed([parameter]);
    const body = findBodyProblem(request.body, this.bodyLimitBytes * EXPANSION_FACTOR);
    if (body?.kind === 'invalid') throw validationFailed([body.detail]);
    if (body?.kind === 'too-large') {
      const reason = `expands (through YAML aliases) to more than ${body.limitBytes} bytes, ${EXPANSION_FACTOR} times BODY_LIMIT`;
      throw new DomainError('PayloadTooLarge', `Request body ${reason}`, [{ field: '(body)', reason }]);
    }
  }
}

/**
 * A path whose percent-encoding is not UTF-8 (`%ED%A0%80`, `%E0%A4%A`) is refused before routing: the router would
 * fail to decode the parameter and the error would read like a bad body.
 */
export function refuseMalformedPath(request: Request, _response: Response, next: NextFunction): void {
  try {
    decodeURIComponent(request.path);
  } catch {
    return next(validationFailed([{ field: 'path', reason: 'is not valid percent-encoded UTF-8' }]));
  }
  next();
}
