import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiAnswer, ApiErrors, ApiRequestBody } from '../common/http/openapi';
import { ZodValidationPipe } from '../common/http/zod-validation.pipe';
import { CurrentPrincipal } from './access.decorators';
import type { Principal } from '../domain/roles';
import { type CreateTokenRequest, createdTokenSchema, createTokenSchema, tokenListSchema } from './tokens.schemas';
import { TokensService } from './tokens.service';
import { Access, HUB_WIDE, pathName } from './permission.decorator';

@ApiTags('tokens')
@ApiBearerAuth()
@Controller('api/v1/tokens')
export class TokensController {
  constructor(private readonly tokens: TokensService) {}

  @Post()
  @Access('tokens', 'create', HUB_WIDE)
  @ApiRequestBody(createTokenSchema)
  @ApiAnswer(201, createdTokenSchema, 'The new token, with its secret')
  @ApiErrors(409)
  create(@Body(new ZodValidationPipe(createTokenSchema)) body: CreateTokenRequest, @CurrentPrincipal() principal: Principal) {
    return this.tokens.create(body, principal.name);
  }

  @Get()
  @Access('tokens', 'get', HUB_WIDE)
  @ApiAnswer(200, tokenListSchema, 'Every token, without secrets')
  @ApiErrors()
  async list() {
    return { items: await this.tokens.list() };
  }

  @Delete(':name')
  @Access('tokens', 'delete', pathName('name', 'Token'))
  @HttpCode(204)
  @ApiAnswer(204, null, 'Revoked')
  @ApiErrors(404)
  delete(@Param('name') name: string) {
    return this.tokens.delete(name);
  }
}
