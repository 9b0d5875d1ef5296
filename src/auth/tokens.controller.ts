import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiAnswer, ApiErrors, ApiRequestBody } from '../common/http/openapi';
import { ZodValidationPipe } from '../common/http/zod-validation.pipe';
import { AdminOnly, CurrentPrincipal } from './access.decorators';
import type { Principal } from '../domain/roles';
import { type CreateTokenRequest, createdTokenSchema, createTokenSchema, tokenListSchema } from './tokens.schemas';
import { TokensService } from './tokens.service';

@ApiTags('tokens')
@ApiBearerAuth()
@AdminOnly()
@Controller('api/v1/tokens')
export class TokensController {
  constructor(private readonly tokens: TokensService) {}

  @Post()
  @ApiRequestBody(createTokenSchema)
  @ApiAnswer(201, createdTokenSchema, 'The new token, with its secret')
  @ApiErrors(409)
  create(@Body(new ZodValidationPipe(createTokenSchema)) body: CreateTokenRequest, @CurrentPrincipal() principal: Principal) {
    return this.tokens.create(body, principal.tokenName);
  }

  @Get()
  @ApiAnswer(200, tokenListSchema, 'Every token, without secrets')
  @ApiErrors()
  async list() {
    return { items: await this.tokens.list() };
  }

  @Delete(':name')
  @HttpCode(204)
  @ApiAnswer(204, null, 'Revoked')
  @ApiErrors(404)
  delete(@Param('name') name: string) {
    return this.tokens.delete(name);
  }
}
