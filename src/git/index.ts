export { type CredentialSession, type GitCredentials } from './git-credentials';
export { GitError, redact, type GitErrorKind } from './git-error';
export { GitMirrors, type GitMirrorsOptions, type MaterializedTree, type RevisionResolution, type TreeReadOptions } from './git-mirrors';
export { GitRunner } from './git-runner';
export type { TreeFile, TreeLimits } from './mirror-tree';
export { maskRepoUrl, parseRepoUrl, repoUrlHasPassword, type RepoLocation } from './repo-url';
export { MirrorTreeSource, type MirrorTreeSourceOptions } from './mirror-tree-source';
export { applicationsConcerned, type ConcernedApplications, MANIFEST_GENERATE_PATHS, type PushedChanges, type PushReader, refreshPaths, revisionMoved, shortRevision, touchesPaths } from './push-scope';
