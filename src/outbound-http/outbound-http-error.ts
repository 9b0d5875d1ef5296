export type OutboundHttpErrorKind = 'InvalidUrl' | 'Timeout' | 'TooLarge' | 'Redirect' | 'Network';

/** A call outside the hub that did not produce a complete answer. Its message is safe to show and to log. */
export class OutboundHttpError extends Error {
  constructor(
    readonly kind: OutboundHttpErrorKind,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'OutboundHttpError';
  }
}
