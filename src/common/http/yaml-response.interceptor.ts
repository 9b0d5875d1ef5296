import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor, StreamableFile } from '@nestjs/common';
import type { Request, Response } from 'express';
import { map, type Observable } from 'rxjs';
import { stringify } from 'yaml';
import { YAML_TYPES } from './body-parsing';

/** Answers in YAML when the client asks for it (`Accept: application/yaml`), JSON otherwise; exports as they are. */
@Injectable()
export class YamlResponseInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const wantsYaml = request.accepts(['application/json', ...YAML_TYPES]) !== 'application/json' && request.accepts(YAML_TYPES) !== false;
    if (!wantsYaml) return next.handle();
    const response = http.getResponse<Response>();
    return next.handle().pipe(
      map((body: unknown) => {
        // An export (?format=ndjson|csv) was asked for by name: the query wins over the Accept header.
        if (body instanceof StreamableFile) return body;
        response.type('application/yaml');
        // YAML 1.1 output quotes `yes`, `on` and octal-looking strings, so Go tools (kubectl, Argo CD) read them back unchanged.
        return stringify(body, { version: '1.1' });
      }),
    );
  }
}
