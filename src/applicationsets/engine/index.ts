export { buildApplication, RESOURCES_FINALIZER } from './application';
export { diffFields, type FieldChange } from './diff';
export { expand } from './expand';
export { applyIgnoredDifferences, parseJsonPointer, type IgnoreApplicationDifference } from './ignore-differences';
export {
  createDefaultRegistry,
  GeneratorRegistry,
  IN_CLUSTER_NAME,
  IN_CLUSTER_SERVER,
  UNSUPPORTED_GENERATORS,
  type GenerationContext,
  type Generator,
  type GeneratorResult,
} from './generators';
export { validateApplicationSet, type ManifestValidation } from './manifest';
export { normalizeClusterName } from './normalize-name';
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
export { TemplateRenderer, TemplateRenderError } from './template/renderer';
export type * from './types';
