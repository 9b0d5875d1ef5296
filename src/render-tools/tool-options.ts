/** Argo CD's `spec.source.kustomize`: what Flotilla passes on to kustomize through a wrapper kustomization. */
export interface KustomizeSourceOptions {
  /** `kustomize edit set image` syntax: `name:tag`, `name=newName:tag`, `name@sha256:...`. */
  readonly images?: readonly string[];
  readonly namePrefix?: string;
  readonly nameSuffix?: string;
  readonly commonLabels?: Readonly<Record<string, string>>;
  readonly namespace?: string;
}

/** Argo CD's `spec.source.helm`: what Flotilla passes on to `helm template`. */
export interface HelmSourceOptions {
  readonly releaseName?: string;
  /** Paths relative to the chart directory. */
  readonly valueFiles?: readonly string[];
  /** Inline values YAML. */
  readonly values?: string;
  readonly parameters?: ReadonlyArray<{ readonly name: string; readonly value: string }>;
}
