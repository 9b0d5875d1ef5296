import { validationFailed } from './domain-error';

/** The engine's `{ path, message }` issues as the API's validation error. */
export function fieldIssuesError(issues: { path: string; message: string }[]) {
  return validationFailed(issues.map((issue) => ({ field: issue.path || '(body)', reason: issue.message })));
}
