import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from '../config/app-config';
import { requestIdOf } from './request-id';

const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/** Query parameters that carry a secret: an OIDC callback's code and state, a token given in the query. */
const SECRET_QUERY = /^(code|state|token|id_token|access_token|refresh_token)$/i;

/** The URL as logged: the values of secret-bearing query parameters replaced. */
export function redactQuery(url: string): string {
  const query = url.indexOf('?');
  if (query < 0) return url;
  const params = new URLSearchParams(url.slice(query + 1));
  let redacted = false;
  for (const name of new Set(params.keys())) {
    if (SECRET_QUERY.test(name)) {
      params.set(name, '[redacted]');
      redacted = true;
    }
  }
  return redacted ? `${url.slice(0, query)}?${params.toString()}` : url;
}

/** JSON logs through pino; every line of a request carries its id; credentials are redacted at the source. */
export function loggingModule(config: AppConfig) {
  return LoggerModule.forRoot({
    pinoHttp: {
      level: config.logLevel,
      quietReqLogger: true,
      genReqId: requestIdOf,
      autoLogging: { ignore: (req: IncomingMessage) => QUIET_PATHS.has((req.url ?? '').split('?')[0]) },
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-gitlab-token"]', 'req.query.token', 'res.headers["set-cookie"]'],
        censor: '[redacted]',
      },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: redactQuery(req.url) }),
      },
    },
  });
}
