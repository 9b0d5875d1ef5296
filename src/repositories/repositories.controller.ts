import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ZodValidationPipe } from '../common/http/zod-validation.pipe';
import { RepositoriesService } from './repositories.service';
import { type RegisterRepositoryRequest, registerRepositorySchema } from './repository.schemas';

@ApiTags('repositories')
@ApiBearerAuth()
@Controller('api/v1/repositories')
export class RepositoriesController {
  constructor(private readonly repositories: RepositoriesService) {}

  @Post()
  @ApiBody({ schema: z.toJSONSchema(registerRepositorySchema, { unrepresentable: 'any' }) as object })
  register(@Body(new ZodValidationPipe(registerRepositorySchema)) body: RegisterRepositoryRequest) {
    return this.repositories.register(body);
  }

  @Get()
  list() {
    return this.repositories.list();
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.repositories.get(id);
  }

  @Delete(':id')
  @HttpCode(204)
  delete(@Param('id') id: string) {
    return this.repositories.delete(id);
  }
}
