import { Global, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OutageMonitor } from '../common/errors/outages';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DatabaseAvailability } from './database-availability';
import { CopyIn } from './copy-in';
import { buildDataSourceOptions, type DatabaseEndpoint } from './data-source-options';
import { EMBEDDED_DATABASE_START, type EmbeddedDatabaseStart } from './embedded-database-start';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';
import { runMigrations } from './run-migrations';

export const DATABASE_ENDPOINT = Symbol('DATABASE_ENDPOINT');

/** Owns the embedded PostgreSQL, when there is one, and stops it after the connection pool is closed. */
@Injectable()
export class EmbeddedDatabaseHolder implements OnApplicationShutdown {
  instance?: EmbeddedPostgres;

  constructor(private readonly moduleRef: ModuleRef) {}

  async onApplicationShutdown(): Promise<void> {
    if (!this.instance) return;
    const dataSource = this.moduleRef.get(DataSource, { strict: false });
    if (dataSource?.isInitialized) await dataSource.destroy();
    await this.instance.stop();
  }
}

@Module({
  providers: [
    EmbeddedDatabaseHolder,
    {
      provide: DATABASE_ENDPOINT,
      inject: [APP_CONFIG, EmbeddedDatabaseHolder, EMBEDDED_DATABASE_START],
      useFactory: async (config: AppConfig, holder: EmbeddedDatabaseHolder, start: EmbeddedDatabaseStart): Promise<DatabaseEndpoint> => {
        if (config.database.url) return { url: config.database.url, embedded: false, singleSession: false };
        holder.instance = await (start.started ?? startEmbeddedPostgres(config.dataDir, { engine: config.database.embeddedEngine }));
        new Logger('Database').log(`Embedded PostgreSQL (${holder.instance.engine}) started in ${config.dataDir}`);
        return { url: holder.instance.url, embedded: true, singleSession: holder.instance.singleSession };
      },
    },
  ],
  exports: [DATABASE_ENDPOINT],
})
class DatabaseEndpointModule {}

/** Database outages, for every module: the API's error filter and the background jobs report to it. */
@Global()
@Module({
  providers: [DatabaseAvailability, { provide: OutageMonitor, useExisting: DatabaseAvailability }],
  exports: [DatabaseAvailability, OutageMonitor],
})
class DatabaseAvailabilityModule {}

/** COPY for the repositories' bulk inserts, where the database speaks it (not PGlite's socket server). */
@Global()
@Module({
  imports: [DatabaseEndpointModule],
  providers: [{ provide: CopyIn, inject: [DATABASE_ENDPOINT], useFactory: (endpoint: DatabaseEndpoint) => new CopyIn(!endpoint.singleSession) }],
  exports: [CopyIn],
})
class CopyInModule {}

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      imports: [DatabaseEndpointModule],
      inject: [DATABASE_ENDPOINT, APP_CONFIG],
      useFactory: (endpoint: DatabaseEndpoint, config: AppConfig) =>
        buildDataSourceOptions(endpoint, config.database.poolSize),
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource(options!).initialize();
        const singleSession = (options as { extra?: { max?: number } }).extra?.max === 1;
        const applied = await runMigrations(dataSource, singleSession);
        if (applied.length > 0) new Logger('Database').log(`Applied migrations: ${applied.join(', ')}`);
        return dataSource;
      },
    }),
    DatabaseEndpointModule,
    DatabaseAvailabilityModule,
    CopyInModule,
  ],
  exports: [DatabaseEndpointModule],
})
export class DatabaseModule {}

