import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { UuidParamPipe } from '../common/http/uuid-param.pipe';
import { ZodValidationPipe } from '../common/http/zod-validation.pipe';
import { GitRemotesService } from './git-remotes.service';
import { type RegisterGitRemoteRequest, registerGitRemoteSchema } from './git-remote.schemas';

@ApiTags('repositories')
@ApiBearerAuth()
@Controller('api/v1/repositories')
export class GitRemotesController {
  constructor(private readonly repositories: GitRemotesService) {}

  @Post()
  @ApiBody({ schema: z.toJSONSchema(registerGitRemoteSchema, { unrepresentable: 'any' }) as object })
  register(@Body(new ZodValidationPipe(registerGitRemoteSchema)) body: RegisterGitRemoteRequest) {
    return this.repositories.register(body);
  }

  @Get()
  list() {
    return this.repositories.list();
  }

  @Get(':id')
  get(@Param('id', new UuidParamPipe('Repository')) id: string) {
    return this.repositories.get(id);
  }

  @Delete(':id')
  @HttpCode(204)
  delete(@Param('id', new UuidParamPipe('Repository')) id: string) {
    return this.repositories.delete(id);
  }
}
