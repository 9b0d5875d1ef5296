/** Every domain error code and the HTTP status it maps to: one exhaustive table. */
export const ERROR_STATUS = {
  ValidationFailed: 400,
  BadRequestBody: 400,
  InvalidSelector: 400,
  Unauthenticated: 401,
  Forbidden: 403,
  NotFound: 404,
  Conflict: 409,
  PayloadTooLarge: 413,
  UnsupportedMediaType: 415,
  TooManyRequests: 429,
  ConnectivityCheckFailed: 422,
  Unprocessable: 422,
  ServiceUnavailable: 503,
  DatabaseUnavailable: 503,
  InternalError: 500,
  /** A cluster the request had to read could not be read (unreachable, or it refused the hub's credentials). */
  ClusterUnreachable: 502,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorDetail {
  field: string;
  reason: string;
}
