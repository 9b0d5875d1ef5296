import type { INestApplication } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';
import { DomainError } from '../errors/domain-error';
import { yamlBodyToJs } from './yaml-body';

export const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml'];
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** JSON and YAML request bodies, both bounded by the configured limit; anything else is refused with 415. */
export function configureBodyParsing(app: INestApplication, limitBytes: number): void {
  // The raw bytes are kept for signature checks (Git webhooks sign the exact body they send).
  app.use(
    express.json({
      limit: limitBytes,
      strict: true,
      type: ['application/json', 'application/*+json'],
      verify: (req, _res, buffer) => {
        (req as Request & { rawBody?: Buffer }).rawBody = buffer;
      },
    }),
  );
  app.use(express.text({ limit: limitBytes, type: YAML_TYPES }));
  app.use(translateBodyParserError);
  app.use(parseYamlBody);
}

/**
 * body-parser errors become domain errors here, before Nest would pass their raw message on:
 * JSON.parse messages quote part of the body, which may be a credential, so only the position is kept.
 */
function translateBodyParserError(error: unknown, _req: Request, _res: Response, next: NextFunction): void {
  const { status, type, message } = (error ?? {}) as { status?: number; type?: string; message?: string };
  if (typeof status !== 'number' || typeof type !== 'string') return next(error);
  if (status === 413) return next(new DomainError('PayloadTooLarge', 'Request body is larger than the configured limit (BODY_LIMIT)'));
  if (type === 'entity.parse.failed') {
    const position = /position (\d+)/.exec(message ?? '')?.[1];
    return next(new DomainError('BadRequestBody', `Request body is not valid JSON${position ? ` (at position ${position})` : ''}`));
  }
  if (status === 415) return next(new DomainError('UnsupportedMediaType', 'Unsupported request body encoding or charset'));
  next(new DomainError('BadRequestBody', `Bad request body (${type})`));
}

function parseYamlBody(req: Request, _res: Response, next: NextFunction): void {
  if (!BODY_METHODS.has(req.method)) return next();
  // express.json reads a zero-length body as `{}`; it is no body, so a route that needs one refuses it.
  if (!hasBody(req)) {
    req.body = undefined;
    return next();
  }
  if (!req.is(['application/json', 'application/*+json', ...YAML_TYPES])) {
    return next(new DomainError('UnsupportedMediaType', 'Request bodies must be application/json or application/yaml'));
  }
  if (typeof req.body !== 'string') return next();
  try {
    req.body = yamlBodyToJs(req.body);
  } catch (error) {
    return next(error);
  }
  next();
}

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}
