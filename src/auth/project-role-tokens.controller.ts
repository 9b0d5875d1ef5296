import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiAnswer, ApiErrors, ApiRequestBody } from '../common/http/openapi';
import { ZodValidationPipe } from '../common/http/zod-validation.pipe';
import { CurrentPrincipal } from './access.decorators';
import { Access, pathName } from './permission.decorator';
import type { Principal } from '../domain/roles';
import {
  type CreateProjectRoleTokenRequest,
  createdProjectRoleTokenSchema,
  createProjectRoleTokenSchema,
  projectRoleTokenListSchema,
} from './project-role-tokens.schemas';
import { ProjectRoleTokensService } from './project-role-tokens.service';

const UNKNOWN_PROJECT_OR_ROLE = { status: 404, description: 'No such project, or the project has no such role' };

@ApiTags('projects')
@ApiBearerAuth()
@Controller('api/v1/projects/:name/roles/:role/tokens')
export class ProjectRoleTokensController {
  constructor(private readonly tokens: ProjectRoleTokensService) {}

  @Post()
  @Access('projects', 'update', pathName('name', 'Project'))
  @ApiRequestBody(createProjectRoleTokenSchema, { required: false, description: 'Optional: without it, a token that never expires, with a random id' })
  @ApiAnswer(201, createdProjectRoleTokenSchema, 'The new token of the role, with its secret')
  @ApiErrors(UNKNOWN_PROJECT_OR_ROLE, { status: 409, description: 'The role has a token with this id' })
  issue(
    @Param('name') project: string,
    @Param('role') role: string,
    @Body(new ZodValidationPipe(createProjectRoleTokenSchema.default({}))) body: CreateProjectRoleTokenRequest,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.tokens.issue({ project, projectRole: role }, body, principal.name);
  }

  @Get()
  @Access('projects', 'get', pathName('name', 'Project'))
  @ApiAnswer(200, projectRoleTokenListSchema, "The role's tokens, without secrets")
  @ApiErrors(UNKNOWN_PROJECT_OR_ROLE)
  list(@Param('name') project: string, @Param('role') role: string) {
    return this.tokens.list({ project, projectRole: role });
  }

  @Delete(':id')
  @Access('projects', 'update', pathName('name', 'Project'))
  @HttpCode(204)
  @ApiAnswer(204, null, 'Revoked')
  @ApiErrors({ status: 404, description: 'No such project, role or token' })
  revoke(@Param('name') project: string, @Param('role') role: string, @Param('id') id: string) {
    return this.tokens.revoke({ project, projectRole: role }, id);
  }
}
