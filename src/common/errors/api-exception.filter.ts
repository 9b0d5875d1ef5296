import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Inject, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError } from './domain-error';
import { ERROR_STATUS, type ErrorCode, type ErrorDetail } from './error-codes';
import { OutageMonitor } from './outages';

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: ErrorDetail[];
}

/** Statuses Nest or Express raise themselves (routing, body parsing) mapped to our codes. */
const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'BadRequestBody',
  401: 'Unauthenticated',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  413: 'PayloadTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Unprocessable',
  429: 'TooManyRequests',
  503: 'ServiceUnavailable',
};

/**
 * One body shape for every error. An outage of a dependency (the database) is a 503 with Retry-After, logged once
 * per outage by the monitor; anything else unexpected is a 500 that says nothing about internals (the cause goes
 * to the log only).
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  constructor(@Inject(OutageMonitor) private readonly outages: OutageMonitor) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const outage = this.outages.recordIfOutage(exception);
    const body = outage ? { statusCode: ERROR_STATUS[outage.code], code: outage.code, message: outage.message } : this.toBody(exception);
    if (response.headersSent) return;
    if (outage) response.setHeader('Retry-After', String(outage.retryAfterSeconds));
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainError) {
      return { statusCode: ERROR_STATUS[exception.code], code: exception.code, message: exception.message, details: exception.details };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      return { statusCode, code: CODE_BY_STATUS[statusCode] ?? 'Error', message: messageOf(exception) };
    }
    this.logger.error({ err: exception }, 'Unhandled error');
    return { statusCode: 500, code: 'InternalError', message: 'Internal server error' };
  }
}

function messageOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}
