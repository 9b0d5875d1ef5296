import { Global, Module } from '@nestjs/common';
import { GuardedHttpClient } from './guarded-http-client';

/** The one outbound HTTP client, shared by every feature that calls a system outside the hub. */
@Global()
@Module({ providers: [GuardedHttpClient], exports: [GuardedHttpClient] })
export class OutboundHttpModule {}
