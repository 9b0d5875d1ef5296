export type {
  ApplicationSource,
  DirectorySourceOptions,
  HelmSourceOptions,
  KubernetesObject,
  KustomizeSourceOptions,
  RenderedManifests,
  RenderRequest,
  RenderTool,
  SourceFile,
  SourceTree,
} from './application-source';
export { defaultKustomizeCandidates, type KustomizeCandidate } from '../render-tools/kustomize-binary';
export { ManifestRenderer, type ManifestRendererOptions } from './manifest-renderer';
export { cacheId, RenderCache, type RenderCacheKey, type RenderCacheOptions } from './render-cache';
export { RenderError, type RenderErrorKind } from './render-error';
export { type RefCheckout, SourceRenderer, type SourceCheckouts, type SourceRenderRequest } from './source-renderer';
