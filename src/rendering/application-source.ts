import type { HelmSourceOptions, KustomizeSourceOptions } from '../render-tools/tool-options';

export type { HelmSourceOptions, KustomizeSourceOptions };

/** The parts of Argo CD's `spec.source` that decide how manifests are produced. */
export interface ApplicationSource {
  /** Directory inside the repository; '' or '.' is the repository root. */
  readonly path: string;
  readonly directory?: DirectorySourceOptions;
  readonly kustomize?: KustomizeSourceOptions;
  readonly helm?: HelmSourceOptions;
}

export interface DirectorySourceOptions {
  readonly recurse?: boolean;
  /** Glob matched against the path relative to `path` (`*` crosses directories; `{a,b}` alternatives). */
  readonly include?: string;
  readonly exclude?: string;
}

/** A plain Kubernetes object as JSON. */
export interface KubernetesObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name?: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

export interface SourceFile {
  /** Relative to the application path. */
  readonly path: string;
  readonly content: Buffer;
}

/**
 * Where the source comes from: a checkout of the whole commit (`root`, with `source.path` inside it), or
 * the files of the application path alone (enough unless a kustomization reaches outside it).
 */
export type SourceTree = { readonly kind: 'directory'; readonly root: string } | { readonly kind: 'files'; readonly files: readonly SourceFile[] };

export interface RenderRequest {
  readonly tree: SourceTree;
  readonly source: ApplicationSource;
  /** Used as the Helm release namespace; the apply step defaults namespaced objects to it. */
  readonly destinationNamespace: string;
  /** Helm release name when `helm.releaseName` is not set. */
  readonly appName?: string;
  /**
   * With multiple sources: the checkouts of the `ref` sources this source's Helm value files name, by ref name
   * (`values` for `$values/...`). Absent for a single-source application, where `$` means nothing special.
   */
  readonly refRoots?: ReadonlyMap<string, string>;
}

export type RenderTool = 'directory' | 'kustomize' | 'helm';

export interface RenderedManifests {
  readonly tool: RenderTool;
  readonly objects: readonly KubernetesObject[];
}
