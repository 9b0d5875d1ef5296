import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiAnswer, ApiErrors, ApiQueryParameters } from '../common/http/openapi';
import { ZodValidationPipe } from '../common/http/zod-validation.pipe';
import type { Principal } from '../domain/roles';
import { AccessPolicyService } from './access-policy.service';
import { accountSchema, canIAnswerSchema, type CanIQuery, canIQuerySchema } from './account.schemas';
import { AboutTheCaller } from './caller-route.decorator';

/** The caller's own account: who it is and what it may do (`argocd account get-user-info`, `argocd account can-i`). */
@ApiTags('account')
@ApiBearerAuth()
@AboutTheCaller()
@Controller('api/v1/account')
export class AccountController {
  constructor(private readonly access: AccessPolicyService) {}

  @Get()
  @ApiAnswer(200, accountSchema, 'The caller and the policy subjects it acts as')
  @ApiErrors()
  account(@Req() request: Request) {
    const principal = callerOf(request);
    return { ...identityOf(principal), subjects: this.access.subjectsOf(principal) };
  }

  @Get('can-i')
  @ApiQueryParameters(canIQuerySchema)
  @ApiAnswer(200, canIAnswerSchema, 'Whether the policy lets the caller do this')
  @ApiErrors()
  async canI(@Query(new ZodValidationPipe(canIQuerySchema)) query: CanIQuery, @Req() request: Request) {
    const decider = await this.access.decider(callerOf(request));
    return { allowed: decider.can(query.resource, query.action, query.object) };
  }
}

/** Field by field, so nothing a principal may carry later (a token id, a session) reaches the answer unasked. */
function identityOf(principal: Principal) {
  switch (principal.kind) {
    case 'token':
      return { name: principal.name, kind: principal.kind, role: principal.role };
    case 'project-token':
      return { name: principal.name, kind: principal.kind, project: principal.project, projectRole: principal.projectRole };
    case 'sso':
      return { name: principal.name, kind: principal.kind, groups: [...principal.groups] };
  }
}

/**
 * The principal the auth guard attached. Read here rather than through src/auth's decorator: src/auth depends on
 * this folder (the guard asks the Authorizer), so this folder does not depend on it.
 */
function callerOf(request: Request): Principal {
  const principal = (request as Request & { principal?: Principal }).principal;
  if (!principal) throw new Error('The account routes run behind the auth guard, which attaches the principal');
  return principal;
}
