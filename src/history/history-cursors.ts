import { DomainError } from '../common/errors/domain-error';
import { keyAfter } from '../common/http/pagination';
import { isUuid } from '../common/http/uuid-param.pipe';
import type { RunKey, SubjectKey } from '../repositories/history-query.repository';

/** Where a newest-first list of runs continues, from a `?cursor=` that `runKeyOf` wrote. */
export function runAfter(cursor: string | undefined): RunKey | undefined {
  const key = keyAfter(cursor, 2);
  if (!key) return undefined;
  const [startedAt, id] = key;
  // Exactly what toPage wrote (toISOString, a UUID): anything looser could still fail the query.
  if (!isIsoTimestamp(startedAt) || !isUuid(id)) {
    throw new DomainError('ValidationFailed', 'Invalid cursor', [{ field: 'cursor', reason: 'not a cursor returned by this API' }]);
  }
  return { startedAt, id };
}

/** Where a list of applications on clusters (state, changes) continues. */
export function subjectAfter(cursor: string | undefined): SubjectKey | undefined {
  const key = keyAfter(cursor, 2);
  return key && { application: key[0], cluster: key[1] };
}

function isIsoTimestamp(text: string): boolean {
  const time = Date.parse(text);
  return !Number.isNaN(time) && new Date(time).toISOString() === text;
}
