export { DEFAULT_PROJECT_NAME, defaultProject } from './default-project';
export { embeddedPasswordIssue, normalizeGitUrl } from './git-url';
export { globMatch, validateGlob } from './glob';
export { isDenyPattern, isDestinationPermitted, isResourcePermitted, isSourceRepoPermitted } from './permissions';
export {
  appProjectManifestSchema,
  formatIssuePath,
  parseAppProjectManifest,
  type AppProjectParseResult,
  type FieldIssue,
} from './schema';
export { blockedMessage, decideSyncWindows, type SyncWindowDecision, type SyncWindowTarget, syncWindowTargetOf } from './sync-windows';
export type { AppProject, AppProjectSpec, DestinationToCheck, GroupKind, ProjectDestination, ProjectRole, ResourceToCheck, SyncWindow } from '../../domain/app-project';
export { roleIssues } from './roles';
