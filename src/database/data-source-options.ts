import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { ENTITIES } from './entities';

export interface DatabaseEndpoint {
  url: string;
  embedded: boolean;
  /** Embedded PGlite: one session, so a pool of one connection and no startup options. */
  singleSession: boolean;
}

/** TypeORM options for any of the databases; a single-session one (PGlite) gets a pool of one. */
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
      max: endpoint.singleSession ? 1 : poolSize,
      connectionTimeoutMillis: 10_000,
      query_timeout: 30_000,
      // A server that vanished without closing its sockets (a host gone, a proxy that drops the connection) is found
      // by TCP keepalive rather than by each query waiting out query_timeout.
      keepAlive: true,
      // JIT compilation off for every session: the hub's queries are index probes and aggregates whose estimates
      // cross jit_above_cost, and compiling them cost more than it saved (measured on 1,000,000 sync runs: 90 of
      // 180 ms of the fleet's state, 0.9 s of a year's summary). PGlite has no JIT and takes no startup options.
      ...(endpoint.singleSession ? {} : { options: '-c jit=off' }),
    },
  };
}
