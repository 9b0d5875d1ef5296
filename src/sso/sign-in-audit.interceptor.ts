import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { catchError, type Observable, throwError } from 'rxjs';
import { noteSessionEvent } from '../audit/session-events';
import { refusalReasonOf } from './sign-in-refusal';

/**
 * Tells the audit trail why a sign-in or sign-out was refused: the class of the error (`state-mismatch`,
 * `invalid-id-token`, ...), never its message, which may quote the provider. The error itself goes on unchanged to the
 * global filter. The handlers note what succeeded (the session's id and subject) themselves.
 */
@Injectable()
export class SignInAuditInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    return next.handle().pipe(
      catchError((error: unknown) => {
        noteSessionEvent(request, { refusal: refusalReasonOf(error) });
        return throwError(() => error);
      }),
    );
  }
}
