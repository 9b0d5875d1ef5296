import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import express from 'express';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { AuditTrail } from './audit/audit-trail';
import type { Clock } from './clock/clock';
import { configureBodyParsing } from './common/http/body-parsing';
import { InputGuardInterceptor, refuseMalformedPath } from './common/http/input-guard.interceptor';
import { schemaComponents } from './common/http/openapi';
import type { AppConfig } from './config/app-config';
import type { EmbeddedPostgres } from './database/embedded-postgres';
import { assignRequestId } from './logging/request-id';
import { httpMetricsMiddleware } from './metrics/http-metrics.middleware';
import { MetricsService } from './metrics/metrics.service';
import { SignInRateLimiter } from './sso/sign-in-rate-limit';

/**
 * Builds the hub (used by main.ts and by the HTTP tests, so both run the same pipeline); tests may pass a fake clock,
 * main.ts the embedded database it started while this module loaded.
 */
export async function createHub(config: AppConfig, options: { clock?: Clock; embeddedDatabase?: Promise<EmbeddedPostgres> } = {}): Promise<NestExpressApplication> {
  // /API/V1/… is not /api/v1/…: one spelling per route, as Kubernetes and Argo CD have it. Express reads the setting
  // when it creates its router, which happens before Nest would let us set it, hence our own instance.
  const server = express();
  server.set('case sensitive routing', true);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config, options.clock, options.embeddedDatabase), new ExpressAdapter(server), {
    bodyParser: false,
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(assignRequestId);
  app.use(httpMetricsMiddleware(app.get(MetricsService)));
  // Before the body parsers and the router, so requests they refuse are recorded too.
  app.use(app.get(AuditTrail).middleware());
  // The sign-in rate limit before the body parsers, so a body they refuse still counts (and its 429 is not audited).
  app.use(app.get(SignInRateLimiter).middleware());
  app.use(refuseMalformedPath);
  configureBodyParsing(app, config.http.bodyLimitBytes);
  app.useGlobalInterceptors(new InputGuardInterceptor(config.http.bodyLimitBytes));
  app.enableShutdownHooks();
  const documentOptions = new DocumentBuilder()
    .setTitle('Flotilla')
    .setDescription('Multi-cluster GitOps hub')
    .setVersion('v1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API token (POST /api/v1/tokens)' })
    .build();
  // Built on the first request for it, not at every start (it took about 70 ms of a 0.9 s restart).
  const document = () => SwaggerModule.createDocument(app, { ...documentOptions, components: { ...documentOptions.components, schemas: schemaComponents() } });
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/openapi.json', yamlDocumentUrl: 'api/openapi.yaml' });
  return app;
}
