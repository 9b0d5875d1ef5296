import type { WhereExpressionBuilder } from 'typeorm';
import type { SelectorRequirement } from '../common/label-selector';
import type { SyncPhase, SyncTrigger } from '../database/entities/sync-run.entity';
import { whereLabelsMatch } from '../database/label-selector-sql';

/** Which sync runs a history query looks at. Every field narrows; `since` is inclusive, `until` exclusive. */
export interface RunFilter {
  application?: string;
  applicationSet?: string;
  project?: string;
  /** Only these projects' runs (what the caller may see); none at all when empty. */
  projects?: readonly string[];
  cluster?: string;
  /** Over the cluster's labels when the run started. */
  selector: SelectorRequirement[];
  repository?: string;
  /** A full commit SHA, or (`prefix`) the start of one. */
  revision?: { value: string; prefix: boolean };
  phase?: SyncPhase;
  trigger?: SyncTrigger;
  triggeredBy?: string;
  rollout?: string;
  since?: Date;
  until?: Date;
}

/** The filter as WHERE conditions on runs (or rows shaped like them) under the alias `r`. */
export function whereRunsMatch(query: WhereExpressionBuilder, filter: RunFilter): void {
  const equal: [keyof RunFilter, string][] = [
    ['application', 'application'],
    ['applicationSet', 'application_set'],
    ['project', 'project'],
    ['cluster', 'cluster'],
    ['repository', 'repository'],
    ['phase', 'phase'],
    ['trigger', 'trigger'],
    ['triggeredBy', 'triggered_by'],
    ['rollout', 'rollout'],
  ];
  for (const [field, column] of equal) {
    if (filter[field] !== undefined) query.andWhere(`r.${column} = :${field}`, { [field]: filter[field] });
  }
  if (filter.projects !== undefined) {
    if (filter.projects.length === 0) query.andWhere('1 = 0');
    else query.andWhere('r.project IN (:...visibleProjects)', { visibleProjects: filter.projects });
  }
  if (filter.revision) {
    const { value, prefix } = filter.revision;
    query.andWhere(prefix ? 'r.revision LIKE :revision' : 'r.revision = :revision', { revision: prefix ? `${value}%` : value });
  }
  if (filter.since) query.andWhere('r.started_at >= :since', { since: filter.since });
  if (filter.until) query.andWhere('r.started_at < :until', { until: filter.until });
  whereLabelsMatch(query, 'r.cluster_labels', filter.selector);
}
