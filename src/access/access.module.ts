import { Global, Module } from '@nestjs/common';
import { AccessPolicyService } from './access-policy.service';
import { AccountController } from './account.controller';
import { Authorizer } from './authorizer';
import { HubPolicyReload } from './hub-policy-reload.service';
import { HubPolicyReloadTriggers } from './hub-policy-reload.triggers';

/**
 * Who may do what: the Authorizer every access decision goes through, the reload of RBAC_POLICY_FILE, and the
 * caller's own account routes.
 */
@Global()
@Module({
  controllers: [AccountController],
  providers: [AccessPolicyService, { provide: Authorizer, useExisting: AccessPolicyService }, HubPolicyReload, HubPolicyReloadTriggers],
  exports: [Authorizer],
})
export class AccessModule {}
