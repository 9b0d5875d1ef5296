import { matchesSelector, type SelectorRequirement } from '../common/label-selector';
import type { EventSubject } from './notification-events';

export interface SubscriptionFilter {
  project?: string;
  applicationSet?: string;
  application?: string;
  /** A Kubernetes label selector over the event's cluster's labels. */
  clusterSelector?: string;
}

/**
 * Whether an event's subject passes a filter: every field given must match. An event without that part (a rollout
 * has no single cluster) does not pass a filter on it, so a filter never widens to events it cannot judge.
 */
export function subjectMatches(filter: SubscriptionFilter, subject: EventSubject, selector: SelectorRequirement[], clusterLabels: Record<string, string> | undefined): boolean {
  if (filter.project !== undefined && subject.project !== filter.project) return false;
  if (filter.applicationSet !== undefined && subject.applicationSet !== filter.applicationSet) return false;
  if (filter.application !== undefined && subject.application !== filter.application) return false;
  if (filter.clusterSelector !== undefined && selector.length > 0) return clusterLabels !== undefined && matchesSelector(selector, clusterLabels);
  return true;
}
