import { validationFailed } from '../common/errors/domain-error';
import { parseSelectorParam } from '../common/http/selector-param';
import { validateLabelKey } from '../common/label-selector';
import type { GroupBy } from '../repositories/history-query.repository';
import type { RunFilter } from '../repositories/run-filter';
import type { HistoryChangesQuery, HistoryListQuery, HistorySummaryQuery, RunFilterQuery } from './history.schemas';

const DAY_MS = 24 * 60 * 60 * 1000;
/** The summary's window when `since` is not given: DORA figures are usually read over a month. */
export const DEFAULT_SUMMARY_DAYS = 30;
// SHA-1 and SHA-256 object names; anything shorter is a prefix.
const FULL_SHA_LENGTHS = [40, 64];

/**
 * The filters every history query takes, as a RunFilter: the selector parsed (a 400 on `selector` when it is not
 * one), the revision in lower case and marked as a prefix unless it is a full SHA.
 */
export function runFilterOf(query: RunFilterQuery): RunFilter {
  const revision = query.revision?.toLowerCase();
  return {
    application: query.application,
    applicationSet: query.applicationSet,
    project: query.project,
    cluster: query.cluster,
    selector: parseSelectorParam(query.selector),
    repository: query.repository,
    revision: revision === undefined ? undefined : { value: revision, prefix: !FULL_SHA_LENGTHS.includes(revision.length) },
    trigger: query.trigger,
    triggeredBy: query.triggeredBy,
    rollout: query.rollout,
  };
}

/** The list's filter: the common filters, the phase, and the optional window on start times. */
export function listFilterOf(query: HistoryListQuery): RunFilter {
  const since = timeOf(query.since);
  const until = timeOf(query.until);
  if (since && until) ensureOrdered(since, until, 'until', 'must be later than since');
  return { ...runFilterOf(query), phase: query.phase, since, until };
}

/** The two moments of a changes query; `to` defaults to now. */
export function changesWindowOf(query: HistoryChangesQuery, now: Date): { from: Date; to: Date } {
  const from = new Date(query.from);
  const to = timeOf(query.to) ?? now;
  if (query.to === undefined) ensureOrdered(from, to, 'from', 'must be in the past when to is not given');
  else ensureOrdered(from, to, 'to', 'must be later than from');
  return { from, to };
}

/** The summary's window on start times: until defaults to now, since to DEFAULT_SUMMARY_DAYS before until. */
export function summaryWindowOf(query: HistorySummaryQuery, now: Date): { since: Date; until: Date } {
  const until = timeOf(query.until) ?? now;
  const since = timeOf(query.since) ?? new Date(until.getTime() - DEFAULT_SUMMARY_DAYS * DAY_MS);
  if (query.until === undefined) ensureOrdered(since, until, 'since', 'must be in the past when until is not given');
  else ensureOrdered(since, until, 'until', 'must be later than since');
  return { since, until };
}

/** `cluster`, `application`, `applicationSet`, `project` or `label:<key>` (the schema checked the shape); none: one group. */
export function groupByOf(text: string | undefined): GroupBy {
  if (text === undefined) return { kind: 'none' };
  if (!text.startsWith('label:')) return { kind: text as 'cluster' | 'application' | 'applicationSet' | 'project' };
  const key = text.slice('label:'.length);
  const reason = validateLabelKey(key);
  if (reason) throw validationFailed([{ field: 'groupBy', reason: `label ${reason}` }]);
  return { kind: 'label', key };
}

function timeOf(text: string | undefined): Date | undefined {
  return text === undefined ? undefined : new Date(text);
}

function ensureOrdered(earlier: Date, later: Date, field: string, reason: string): void {
  if (earlier.getTime() >= later.getTime()) throw validationFailed([{ field, reason }]);
}
