import type { ApplicationEntity } from '../database/entities/application.entity';
import type { ApplicationCondition, ApplicationStatusRecord } from '../domain/application';
import type { AppInfo } from '../metrics/recorders';
import { diffFields } from '../common/field-diff';
import type { ComparisonResult } from '../sync';

/** reconciledAt alone is refreshed at most this often, so a steady fleet does not write on every pass. */
export const RECONCILED_AT_REFRESH_MS = 10 * 60_000;

export function statusFromComparison(
  previous: ApplicationStatusRecord,
  comparison: ComparisonResult,
  at: { revision: string; revisions?: string[] },
  now: string,
): ApplicationStatusRecord {
  const error = comparison.error;
  const base = error
    ? withCondition(previous, { type: 'ComparisonError', message: `live state could not be read: ${error.message}`, lastTransitionTime: now })
    : withoutCondition(previous, 'ComparisonError');
  return {
    ...base,
    sync: { status: comparison.sync.status, revision: at.revision, ...(at.revisions ? { revisions: at.revisions } : {}) },
    // An unreachable cluster is Unknown, never the last known (possibly Healthy) value.
    health: error ? { status: 'Unknown', message: error.message } : { status: comparison.health.status, ...(comparison.health.message ? { message: comparison.health.message } : {}) },
    resources: comparison.resources.map((r) => ({
      group: r.group,
      kind: r.kind,
      namespace: r.namespace,
      name: r.name,
      status: r.status,
      health: { status: r.health.status, ...(r.health.message ? { message: r.health.message } : {}) },
      ...(r.requiresPruning ? { requiresPruning: true } : {}),
    })),
    reconciledAt: now,
  };
}

/** Adds or replaces a condition, keeping its lastTransitionTime when the message did not change. */
export function withCondition(status: ApplicationStatusRecord, condition: ApplicationCondition): ApplicationStatusRecord {
  const existing = status.conditions.find((c) => c.type === condition.type);
  const kept = existing && existing.message === condition.message ? existing : condition;
  return { ...status, conditions: [...status.conditions.filter((c) => c.type !== condition.type), kept] };
}

export function withoutCondition(status: ApplicationStatusRecord, type: string): ApplicationStatusRecord {
  return { ...status, conditions: status.conditions.filter((c) => c.type !== type) };
}

/** True when the new status says something the stored one does not (reconciledAt aside, within its refresh window). */
export function statusChanged(stored: ApplicationStatusRecord, next: ApplicationStatusRecord, nowMs: number): boolean {
  const { reconciledAt: storedAt, ...storedRest } = stored;
  const { reconciledAt: _nextAt, ...nextRest } = next;
  if (diffFields(storedRest, nextRest, '').length > 0) return true;
  return !storedAt || nowMs - Date.parse(storedAt) >= RECONCILED_AT_REFRESH_MS;
}

/** An application as `flotilla_app_info` shows it: its row's identity with the given (stored or just written) status. */
export function appInfoOf(row: Pick<ApplicationEntity, 'name' | 'project' | 'applicationSet' | 'cluster'>, status: ApplicationStatusRecord): AppInfo {
  return { name: row.name, project: row.project, applicationSet: row.applicationSet, cluster: row.cluster, syncStatus: status.sync.status, healthStatus: status.health.status };
}
