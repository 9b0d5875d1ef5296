export { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT_MS, GuardedHttpClient, type OutboundRequest, type OutboundResponse } from './guarded-http-client';
export { OutboundHttpError, type OutboundHttpErrorKind } from './outbound-http-error';
export { OutboundHttpModule } from './outbound-http.module';
