export { buildApplication, hasResourcesFinalizer, RESOURCES_FINALIZER, setDeletionCascades } from './application';
export { DestinationResolver } from './destinations';
export { expand } from './expand';
export { applyIgnoredDifferences, parseJsonPointer, type IgnoreApplicationDifference } from './ignore-differences';
export {
  createDefaultRegistry,
  GeneratorRegistry,
  type GenerationContext,
  type Generator,
  type GeneratorResult,
  type GitTreeEntry,
  type GitTreeSource,
  type PluginRequest,
  type PluginSource,
} from './generators';
export type { ClusterDecisionSource, DecisionResourceQuery } from './generators/cluster-decision-source';
export { ScmRepositoryNotFoundError, type PullRequest, type ScmProviderRef, type ScmRepositories, type ScmRepository, type ScmSource } from './generators/scm-source';
export { gitGeneratorsOf, requeueIntervalsOf, type GitGeneratorUse } from './generators/git-usage';
export { isTemplated } from './template/fasttemplate-scan';
export { applicationSetSchema, validateApplicationSet, type ManifestValidation, type ValidationFailure } from './manifest';
export {
  DEFAULT_DELETION_BUDGET_PERCENT,
  DEFAULT_PRESERVED_ANNOTATIONS,
  deletionBudget,
  planChanges,
  planSettingsFor,
  type ChangePlan,
  type PlannedDeletion,
  type PlannedUpdate,
  type PlanOptions,
  type SkippedChange,
} from './plan';
export { repoUrlsWithPasswords } from './repo-url-passwords';
export { TemplateRenderer, TemplateRenderError } from './template/renderer';
export type * from './types';
export { checkApplication, type ApplicationProblem } from './validate-applications';
