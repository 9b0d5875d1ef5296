import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiAnswer, ApiErrors, ApiRequestBody } from '../common/http/openapi';
import { UuidParamPipe } from '../common/http/uuid-param.pipe';
import { ZodValidationPipe } from '../common/http/zod-validation.pipe';
import { GitRemotesService, type GitRemoteView } from './git-remotes.service';
import { gitRemoteListSchema, gitRemoteSchema, type RegisterGitRemoteRequest, registerGitRemoteSchema } from './git-remote.schemas';
import { Access, createdBy, EACH_ROW, stored } from '../auth/permission.decorator';
import { maskRepoUrl } from '../git/repo-url';
import { ShowVisibleItems } from '../auth/visible-items.interceptor';

const REPOSITORY_ID = ApiParam({ name: 'id', description: 'The id the registration answered with', schema: { type: 'string', format: 'uuid' } });

@ApiTags('repositories')
@ApiBearerAuth()
@Controller('api/v1/repositories')
export class GitRemotesController {
  constructor(private readonly repositories: GitRemotesService) {}

  @Post()
  @Access('repositories', 'create', createdBy('repository'))
  @ApiRequestBody(registerGitRemoteSchema, { description: 'Nothing (public or local), a username with a password or token, or an SSH key with known hosts' })
  @ApiAnswer(201, gitRemoteSchema, 'The registered repository')
  @ApiErrors({ status: 409, description: 'The repository is already registered' })
  register(@Body(new ZodValidationPipe(registerGitRemoteSchema)) body: RegisterGitRemoteRequest) {
    return this.repositories.register(body);
  }

  @Get()
  @Access('repositories', 'get', EACH_ROW)
  @ShowVisibleItems('repositories', (repository: GitRemoteView) => maskRepoUrl(repository.url))
  @ApiAnswer(200, gitRemoteListSchema, 'Every registered repository')
  @ApiErrors()
  list() {
    return this.repositories.list();
  }

  @Get(':id')
  @Access('repositories', 'get', stored.repository('id'))
  @REPOSITORY_ID
  @ApiAnswer(200, gitRemoteSchema, 'The repository')
  @ApiErrors(404)
  get(@Param('id', new UuidParamPipe('Repository')) id: string) {
    return this.repositories.get(id);
  }

  @Delete(':id')
  @Access('repositories', 'delete', stored.repository('id'))
  @HttpCode(204)
  @REPOSITORY_ID
  @ApiAnswer(204, null, 'Removed')
  @ApiErrors(404)
  delete(@Param('id', new UuidParamPipe('Repository')) id: string) {
    return this.repositories.delete(id);
  }
}
