import type { SyncRunSource } from '../database/entities/sync-run.entity';
import type { ApplicationSource, ApplicationStatusRecord } from '../domain/application';
import { withCondition, withoutCondition } from './application-status';
import { textField } from './desired-state';

/** Argo CD's RepeatedResourceWarning: several sources rendered one object, and the last one's copy is applied. */
export function withRepeatedResources(status: ApplicationStatusRecord, repeated: readonly string[], now: string): ApplicationStatusRecord {
  if (repeated.length === 0) return withoutCondition(status, 'RepeatedResourceWarning');
  const message = `${repeated.join(', ')} rendered by more than one source; the last source's copy is applied`;
  return withCondition(status, { type: 'RepeatedResourceWarning', message, lastTransitionTime: now });
}

/** Each source of a multi-source application with the commit a run applies, for its history. */
export function runSources(sources: readonly ApplicationSource[], revisions: readonly string[]): SyncRunSource[] {
  return sources.map((source, index) => ({ repoURL: source.repoURL, path: textField(source.path), ...(textField(source.ref) ? { ref: textField(source.ref) } : {}), revision: revisions[index] }));
}
