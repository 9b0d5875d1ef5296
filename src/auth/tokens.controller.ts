import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ZodValidationPipe } from '../common/http/zod-validation.pipe';
import { AdminOnly, CurrentPrincipal } from './access.decorators';
import type { Principal } from '../domain/roles';
import { type CreateTokenRequest, createTokenSchema } from './tokens.schemas';
import { TokensService } from './tokens.service';

@ApiTags('tokens')
@ApiBearerAuth()
@AdminOnly()
@Controller('api/v1/tokens')
export class TokensController {
  constructor(private readonly tokens: TokensService) {}

  @Post()
  @ApiBody({ schema: z.toJSONSchema(createTokenSchema) as object })
  create(@Body(new ZodValidationPipe(createTokenSchema)) body: CreateTokenRequest, @CurrentPrincipal() principal: Principal) {
    return this.tokens.create(body, principal.tokenName);
  }

  @Get()
  async list() {
    return { items: await this.tokens.list() };
  }

  @Delete(':name')
  @HttpCode(204)
  delete(@Param('name') name: string) {
    return this.tokens.delete(name);
  }
}
