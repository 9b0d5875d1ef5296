import { QueryFailedError } from 'typeorm';

/**
 * Tables partitioned by month (UTC) on a timestamp, with PostgreSQL's native range partitioning. Partitions are
 * made ahead of time by the maintenance job and on demand by an insert that finds none (`withMonthPartition`);
 * there is no DEFAULT partition, so every partition covers exactly one month and retention drops whole partitions.
 * Making one goes through the SQL function `ensure_month_partition` (migration AuditEvents), which the sync_runs
 * migration uses too: one naming scheme, one lock.
 */
export const MONTHLY_PARTITIONED_TABLES = ['audit_events', 'sync_runs'] as const;
export type MonthlyPartitionedTable = (typeof MONTHLY_PARTITIONED_TABLES)[number];

/** The part of a DataSource or QueryRunner these functions use. */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

export interface MonthPartition {
  name: string;
  from: Date;
  to: Date;
}

/** Makes the partition of `table` that holds `moment`'s month, unless it exists; returns its name. */
export async function ensureMonthPartition(db: Queryable, table: MonthlyPartitionedTable, moment: Date): Promise<string> {
  const rows = (await db.query('SELECT ensure_month_partition($1, $2) AS name', [table, moment])) as { name: string }[];
  return rows[0].name;
}

/**
 * The partitions of `table`, oldest first, with the bounds PostgreSQL holds for them (read back from the catalog, not
 * from their names). A partition without a FROM/TO range (a DEFAULT one, made by hand) is not listed, so never dropped.
 */
export async function listMonthPartitions(db: Queryable, table: MonthlyPartitionedTable): Promise<MonthPartition[]> {
  return (await db.query(
    `SELECT "name", "from", "to" FROM (
       SELECT c.relname AS "name",
              (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \\(''([^'']+)''\\)'))[1]::timestamptz AS "from",
              (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \\(''([^'']+)''\\)'))[1]::timestamptz AS "to"
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = to_regclass($1)
     ) AS bounds
     WHERE "from" IS NOT NULL AND "to" IS NOT NULL
     ORDER BY "from"`,
    [table],
  )) as MonthPartition[];
}

/** Drops one partition and its rows: a catalog change, however many rows it holds. */
export async function dropPartition(db: Queryable, partition: MonthPartition): Promise<void> {
  await db.query(`DROP TABLE IF EXISTS "${partition.name.replaceAll('"', '""')}"`);
}

/**
 * Runs an insert into `table`; when PostgreSQL finds no partition for the row, makes the month's partition and
 * runs it once more. Only needed when the clock is outside the months the maintenance job made.
 */
export function withMonthPartition<T>(db: Queryable, table: MonthlyPartitionedTable, moment: Date, insert: () => Promise<T>): Promise<T> {
  return withMonthPartitions(db, table, [moment], insert);
}

/** `withMonthPartition` for an insert of rows of several moments: the partitions of all their months are made. */
export async function withMonthPartitions<T>(db: Queryable, table: MonthlyPartitionedTable, moments: readonly Date[], insert: () => Promise<T>): Promise<T> {
  try {
    return await insert();
  } catch (error) {
    if (!missingPartition(error)) throw error;
    const months = new Map(moments.map((moment) => [`${moment.getUTCFullYear()}-${moment.getUTCMonth()}`, moment]));
    for (const moment of months.values()) await ensureMonthPartition(db, table, moment);
    return insert();
  }
}

/** "no partition of relation … found for row": a check_violation, which these tables have no other source of. */
function missingPartition(error: unknown): boolean {
  return error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23514';
}
