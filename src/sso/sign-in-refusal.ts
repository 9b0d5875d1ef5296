import { HttpException } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error';
import type { ErrorCode, ErrorDetail } from '../common/errors/error-codes';

/**
 * Why a sign-in or sign-out was refused, as the audit log records it (`changes.reason`): a class from this closed
 * list, never the provider's words, a code, a token or a cookie.
 */
export const SIGN_IN_REFUSALS = [
  /** OIDC_ISSUER is unset. */
  'sso-off',
  /** A malformed request: a body or query the hub refuses, a callback without its code. */
  'invalid-request',
  /** The callback came without the pending sign-in cookie, with a forged one, or more than 10 minutes late. */
  'no-pending-sign-in',
  /** The callback's state is missing or not the one of the sign-in this browser started (login CSRF). */
  'state-mismatch',
  /** The provider refused the person (`access_denied`, `login_required`, ...). */
  'provider-refusal',
  /** The provider reported another error on the callback. */
  'provider-error',
  /** The provider's token endpoint refused the code (replayed, expired, PKCE mismatch). */
  'code-refused',
  /** An ID token (or the token response carrying it) failed a check: signature, issuer, audience, expiry, subject. */
  'invalid-id-token',
  /** The provider could not be reached. */
  'provider-unavailable',
  /** The provider refused the hub's own client credentials (an administrator must fix OIDC_CLIENT_ID / secret). */
  'client-refused',
  /** A cookie-authenticated sign-out from another origin (CSRF check). */
  'foreign-origin',
  /** Anything else: the hub failed (its database, a bug). */
  'hub-error',
] as const;

export type SignInRefusalReason = (typeof SIGN_IN_REFUSALS)[number];

/** A domain error, answered like any other, that also names its class of refusal for the audit log. */
export class SignInRefusal extends DomainError {
  constructor(
    readonly reason: SignInRefusalReason,
    code: ErrorCode,
    message: string,
    details?: ErrorDetail[],
    options?: { cause?: unknown },
  ) {
    super(code, message, details, options);
  }
}

/** The class of a refusal: the one it names, a malformed request for any other 4xx, else the hub's own failure. */
export function refusalReasonOf(error: unknown): SignInRefusalReason {
  if (error instanceof SignInRefusal) return error.reason;
  if (error instanceof DomainError) return ['ValidationFailed', 'BadRequestBody', 'PayloadTooLarge', 'UnsupportedMediaType'].includes(error.code) ? 'invalid-request' : 'hub-error';
  if (error instanceof HttpException && error.getStatus() < 500) return 'invalid-request';
  return 'hub-error';
}

export const ssoOff = () => new SignInRefusal('sso-off', 'NotFound', 'Single sign-on is not configured (OIDC_ISSUER is unset)');
