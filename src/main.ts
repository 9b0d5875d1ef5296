import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createHub } from './bootstrap';
import { ConfigError, describeConfig, loadConfig } from './config/load-config';

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
  const app = await createHub(config);
  await app.listen(config.http.port, config.http.host);
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
