import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from '../config/app-config';
import { requestIdOf } from './request-id';

const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/** JSON logs through pino; every line of a request carries its id; credentials are redacted at the source. */
export function loggingModule(config: AppConfig) {
  return LoggerModule.forRoot({
    pinoHttp: {
      level: config.logLevel,
      quietReqLogger: true,
      genReqId: requestIdOf,
      autoLogging: { ignore: (req: IncomingMessage) => QUIET_PATHS.has((req.url ?? '').split('?')[0]) },
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-gitlab-token"]', 'req.query.token'],
        censor: '[redacted]',
      },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
      },
    },
  });
}
