import { Global, Module } from '@nestjs/common';
import { AccessPolicyService } from './access-policy.service';
import { AccountController } from './account.controller';
import { Authorizer } from './authorizer';

/** Who may do what: the Authorizer every access decision goes through, and the caller's own account routes. */
@Global()
@Module({
  controllers: [AccountController],
  providers: [AccessPolicyService, { provide: Authorizer, useExisting: AccessPolicyService }],
  exports: [Authorizer],
})
export class AccessModule {}
