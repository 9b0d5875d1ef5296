import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { ENTITIES } from './entities';

export interface DatabaseEndpoint {
  url: string;
  embedded: boolean;
}

/** TypeORM options for either database; the embedded one gets a pool of one (PGlite is one session). */
export function buildDataSourceOptions(endpoint: DatabaseEndpoint, poolSize: number): DataSourceOptions {
  return {
    type: 'postgres',
    url: endpoint.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    synchronize: false,
    installExtensions: false,
    logging: false,
    extra: {
      max: endpoint.embedded ? 1 : poolSize,
      connectionTimeoutMillis: 10_000,
      query_timeout: 30_000,
    },
  };
}
