/**
 * bench:history's view of the SQL the hub sends: the last history query and its parameters (to replay or EXPLAIN),
 * the same questions asked without an index, and the plans as the hub runs them.
 */
import type { DataSource } from 'typeorm';

export interface Captured {
  sql: string;
  parameters: unknown[];
}

/** The alternative of a query shape: the same SQL without `withoutIndex`, or other SQL on the i-th question's inputs. */
export interface Alternative {
  name: string;
  withoutIndex?: string;
  sql?: (i: number) => Captured;
}

export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];

/** Remembers the last history query the hub sent, with its parameters, to replay it as an alternative or EXPLAIN it. */
export function captureQueries(dataSource: DataSource): { last?: Captured } {
  const state: { last?: Captured } = {};
  Object.assign(dataSource, {
    logger: new Proxy(dataSource.logger, {
      get: (target, key) =>
        key === 'logQuery'
          ? (query: string, parameters?: unknown[]) => {
              if (/^\s*(WITH|SELECT)/i.test(query) && /\bsync_runs\b/.test(query) && !/TABLESAMPLE/.test(query)) state.last = { sql: query, parameters: parameters ?? [] };
            }
          : Reflect.get(target, key),
    }),
  });
  return state;
}

/** The alternative on the measured questions (at most 10): in a transaction that drops the index and rolls back. */
export async function timeAlternative(dataSource: DataSource, alternative: Alternative, sqls: Captured[]): Promise<{ p50: number; p95: number }> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  try {
    if (alternative.withoutIndex) await runner.query(`DROP INDEX "${alternative.withoutIndex}"`);
    const questions = sqls.slice(0, 10).map((captured, i) => alternative.sql?.(i) ?? captured);
    const times: number[] = [];
    for (const question of questions) {
      const started = performance.now();
      await runner.query(question.sql, question.parameters);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    return { p50: percentile(times, 0.5), p95: percentile(times, 0.95) };
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
}

/**
 * The plan as the hub runs the query, on one of the hub's own connections (JIT off: data-source-options.ts says why).
 */
export async function explain(dataSource: DataSource, captured: Captured): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  try {
    const plan: { 'QUERY PLAN': string }[] = await runner.query(`EXPLAIN (ANALYZE, BUFFERS) ${captured.sql}`, captured.parameters);
    return plan.map((line) => line['QUERY PLAN']);
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
}
