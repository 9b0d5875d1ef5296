export type ToolRunFailure = 'NotFound' | 'Timeout' | 'TooLarge' | 'Failed' | 'InvalidOptions';

/** A kustomize or helm run that produced no output. The message is safe to show (temp paths are hidden). */
export class ToolRunError extends Error {
  override readonly name = 'ToolRunError';

  constructor(
    readonly tool: 'kustomize' | 'helm',
    readonly failure: ToolRunFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
