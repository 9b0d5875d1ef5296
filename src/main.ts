import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ConfigError, describeConfig, loadConfig } from './config/load-config';
import { startEmbeddedDatabaseFor } from './database/embedded-database-start';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const started = performance.now();
  // Before the rest of the hub is loaded: initdb and the server start in their own processes meanwhile.
  const embeddedDatabase = startEmbeddedDatabaseFor(config);
  let app: NestExpressApplication;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded once the database's start has begun (above).
    const { createHub } = require('./bootstrap') as typeof import('./bootstrap');
    app = await createHub(config, { embeddedDatabase });
  } catch (error) {
    // A hub that did not come up has no shutdown hooks to stop the server it started.
    await embeddedDatabase?.then((database) => database.stop(), () => undefined);
    throw error;
  }
  try {
    await app.listen(config.http.port, config.http.host);
  } catch (error) {
    // Its port taken, say: closing runs the shutdown hooks, which stop the embedded server.
    await app.close();
    throw error;
  }
  const logger = new Logger('Flotilla');
  logger.log({ config: describeConfig(config) }, 'Configuration');
  const url = (await app.getUrl()).replace('[::1]', 'localhost').replace('0.0.0.0', '127.0.0.1');
  logger.log(`Flotilla hub listening on ${url} (started in ${Math.round(performance.now() - started)} ms)`);
}

main().catch((error: unknown) => {
  console.error('Flotilla failed to start:', error instanceof Error ? error.message : error);
  if (error instanceof Error && error.cause instanceof Error) console.error('  caused by:', error.cause.message);
  process.exit(1);
});
