import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { keysetChunks, mapChunks } from '../common/http/export';
import { keyAfter, type Page, timeKeyAfter, toPage } from '../common/http/pagination';
import { type AppliedRevision, HistoryQueryRepository, type ListedRun, type RevisionChange, type SubjectKey } from '../repositories/history-query.repository';
import { doraGroup } from './dora';
import { changesWindowOf, groupByOf, listFilterOf, runFilterOf, summaryWindowOf } from './history-filters';
import type { HistoryChangesQuery, HistoryListQuery, HistoryStateQuery, HistorySummaryQuery } from './history.schemas';
import { type AppliedRevisionView, type HistorySummaryView, type RevisionChangeView, subjectKeyOf, toAppliedRevisionView, toRevisionChangeView } from './history.views';
import { runKeyOf, type SyncRunView, toSyncRunView } from './sync-run.view';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Sync history across the fleet: every run, what ran where at a moment, what changed between two, DORA figures.
 * Each read takes `projects`: when given, only those projects' runs count (the ones whose applications the caller
 * may get); undefined, every run.
 */
@Injectable()
export class FleetHistoryService {
  constructor(
    private readonly queries: HistoryQueryRepository,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async list(query: HistoryListQuery, projects?: readonly string[]): Promise<Page<SyncRunView>> {
    const after = timeKeyAfter(query.cursor);
    const rows = await this.queries.listRuns({ ...listFilterOf(query), projects }, query.limit + 1, { after: after && { startedAt: after.at, id: after.id }, resources: query.resources === 'true' });
    return toPage(rows, query.limit, runKeyOf, toSyncRunView);
  }

  /** Every run that matches, newest first, a chunk at a time as the export is sent (`?format=ndjson|csv`). */
  exportRuns(query: HistoryListQuery, projects?: readonly string[]): AsyncGenerator<SyncRunView[]> {
    const filter = { ...listFilterOf(query), projects };
    const resources = query.resources === 'true';
    const chunks = keysetChunks<ListedRun>((after, limit) => this.queries.listRuns(filter, limit, { after: after && { startedAt: after.startedAt, id: after.id }, resources }));
    return mapChunks(chunks, toSyncRunView);
  }

  async state(query: HistoryStateQuery, projects?: readonly string[]): Promise<Page<AppliedRevisionView>> {
    const at = query.at === undefined ? this.clock.now() : new Date(query.at);
    const rows = await this.queries.stateAt(at, { ...runFilterOf(query), projects }, query.limit + 1, subjectAfter(query.cursor));
    return toPage(rows, query.limit, subjectKeyOf, toAppliedRevisionView);
  }

  /** The whole state at one moment (`at` read once, so every chunk looks at the same one), a chunk at a time. */
  exportState(query: HistoryStateQuery, projects?: readonly string[]): AsyncGenerator<AppliedRevisionView[]> {
    const at = query.at === undefined ? this.clock.now() : new Date(query.at);
    const filter = { ...runFilterOf(query), projects };
    return mapChunks(keysetChunks<AppliedRevision>((after, limit) => this.queries.stateAt(at, filter, limit, after && subjectOf(after))), toAppliedRevisionView);
  }

  async changes(query: HistoryChangesQuery, projects?: readonly string[]): Promise<Page<RevisionChangeView>> {
    const { from, to } = changesWindowOf(query, this.clock.now());
    const rows = await this.queries.changesBetween(from, to, { ...runFilterOf(query), projects }, query.limit + 1, subjectAfter(query.cursor));
    return toPage(rows, query.limit, subjectKeyOf, toRevisionChangeView);
  }

  /** Every change between the two moments (`to` read once), a chunk at a time. */
  exportChanges(query: HistoryChangesQuery, projects?: readonly string[]): AsyncGenerator<RevisionChangeView[]> {
    const { from, to } = changesWindowOf(query, this.clock.now());
    const filter = { ...runFilterOf(query), projects };
    return mapChunks(keysetChunks<RevisionChange>((after, limit) => this.queries.changesBetween(from, to, filter, limit, after && subjectOf(after))), toRevisionChangeView);
  }

  async summary(query: HistorySummaryQuery, projects?: readonly string[]): Promise<HistorySummaryView> {
    const { since, until } = summaryWindowOf(query, this.clock.now());
    const aggregates = await this.queries.aggregate({ ...{ ...runFilterOf(query), projects }, since, until }, groupByOf(query.groupBy));
    const days = (until.getTime() - since.getTime()) / DAY_MS;
    return { since: since.toISOString(), until: until.toISOString(), groupBy: query.groupBy ?? null, groups: aggregates.map((group) => doraGroup(group, days)) };
  }
}

/** Where a list of applications on clusters (state, changes) continues: after `subjectKeyOf` of the last row shown. */
function subjectAfter(cursor: string | undefined): SubjectKey | undefined {
  const key = keyAfter(cursor, 2);
  return key && { application: key[0], cluster: key[1] };
}

function subjectOf(row: AppliedRevision): SubjectKey {
  return { application: row.application, cluster: row.cluster };
}
