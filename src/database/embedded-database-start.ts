import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';

/**
 * The embedded database's start, when main.ts began it before loading the rest of the hub: initdb (1.4–1.9 s on a
 * fresh data dir here) and the server then run in their own processes while node loads and compiles the hub's
 * modules (0.5–0.7 s without a code cache), instead of after them (`docs/benchmarks.md`). DatabaseModule takes the
 * server from here; a hub built without one (the tests, the benches) starts its own there, as before.
 */
export const EMBEDDED_DATABASE_START = Symbol('EMBEDDED_DATABASE_START');

export interface EmbeddedDatabaseStart {
  readonly started?: Promise<EmbeddedPostgres>;
}

/** Starts the embedded database when the configuration has no DATABASE_URL; undefined when it has one. */
export function startEmbeddedDatabaseFor(config: AppConfig): Promise<EmbeddedPostgres> | undefined {
  if (config.database.url) return undefined;
  const started = startEmbeddedPostgres(config.dataDir, { engine: config.database.embeddedEngine });
  // DatabaseModule awaits it once the modules are loaded; a failure before then is its to report, not unhandled.
  started.catch(() => undefined);
  return started;
}

@Global()
@Module({})
export class EmbeddedDatabaseStartModule {
  static register(started: Promise<EmbeddedPostgres> | undefined): DynamicModule {
    const start: EmbeddedDatabaseStart = { started };
    return { module: EmbeddedDatabaseStartModule, providers: [{ provide: EMBEDDED_DATABASE_START, useValue: start }], exports: [EMBEDDED_DATABASE_START] };
  }
}
