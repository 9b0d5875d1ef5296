export type RenderErrorKind =
  | 'InvalidYaml'
  | 'InvalidManifest'
  | 'NotFound'
  | 'KustomizeFailed'
  | 'KustomizeNotFound'
  | 'HelmNotConfigured'
  | 'HelmFailed'
  | 'TooLarge'
  | 'Timeout';

/** A render that produced no manifests. `file` and `line` point into the source when known. */
export class RenderError extends Error {
  override readonly name = 'RenderError';

  constructor(
    readonly kind: RenderErrorKind,
    message: string,
    readonly location: { readonly file?: string; readonly line?: number } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** Only a timeout may succeed on retry; every other kind needs a new commit or new options. */
  get transient(): boolean {
    return this.kind === 'Timeout';
  }
}
