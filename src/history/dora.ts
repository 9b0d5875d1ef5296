import type { RunAggregates } from '../repositories/history-query.repository';

/** One group of the summary: sync counts by phase and the four DORA figures. */
export interface DoraGroupView {
  key: string | null;
  syncs: RunAggregates['phases'] & { total: number };
  deployments: number;
  deploymentsPerDay: number;
  changeFailureRate: number | null;
  syncDurationSeconds: { median: number | null; p95: number | null };
  leadTimeSeconds: { median: number | null; deployments: number };
  timeToRestoreSeconds: { mean: number | null; restores: number };
}

/**
 * The DORA arithmetic on one group's aggregates over a window of `windowDays`:
 * - deployment frequency: deployments (Succeeded syncs that changed something) per day;
 * - change-failure rate: failed syncs (Failed or Error) ÷ every sync that changed or tried to change something
 *   (deployments + failed syncs); null when there was neither;
 * - lead time (median, commit → applied) and time to restore (mean, first failure → next success) as measured by
 *   the database, rounded to the millisecond.
 */
export function doraGroup(aggregates: RunAggregates, windowDays: number): DoraGroupView {
  const { phases, deployments } = aggregates;
  const failed = phases.Failed + phases.Error;
  const attempts = deployments + failed;
  return {
    key: aggregates.key,
    syncs: { ...phases, total: Object.values(phases).reduce((sum, count) => sum + count, 0) },
    deployments,
    deploymentsPerDay: round(deployments / windowDays, 3),
    changeFailureRate: attempts === 0 ? null : round(failed / attempts, 4),
    syncDurationSeconds: { median: seconds(aggregates.durationSeconds.median), p95: seconds(aggregates.durationSeconds.p95) },
    leadTimeSeconds: { median: seconds(aggregates.leadTimeSeconds.median), deployments: aggregates.leadTimeSeconds.count },
    timeToRestoreSeconds: { mean: seconds(aggregates.restoreSeconds.mean), restores: aggregates.restoreSeconds.count },
  };
}

function seconds(value: number | null): number | null {
  return value === null ? null : round(value, 3);
}

function round(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}
