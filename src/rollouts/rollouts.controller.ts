import { Controller, Get, HttpCode, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { CurrentPrincipal } from '../auth/access.decorators';
import { ApiAnswer, ApiErrors, ApiQueryParameters } from '../common/http/openapi';
import { UuidParamPipe } from '../common/http/uuid-param.pipe';
import { ZodValidationPipe } from '../common/http/zod-validation.pipe';
import { YamlResponseInterceptor } from '../common/http/yaml-response.interceptor';
import type { Principal } from '../domain/roles';
import { listRolloutsQuerySchema, rolloutPageSchema, rolloutSchema } from './rollout.schemas';
import { RolloutsService } from './rollouts.service';
import { Access, EACH_ROW, stored } from '../auth/permission.decorator';
import { CallerAccess, type RequestAccess } from '../auth/request-access';

const ROLLOUT_ID = ApiParam({ name: 'id', description: 'The rollout id', schema: { type: 'string', format: 'uuid' } });
const WRONG_STATE = { status: 409, description: "The rollout's state does not allow this (the message and details name the state)" };

/** Fleet rollouts of RollingSync ApplicationSets: reads and the operator's controls. */
@ApiTags('rollouts')
@ApiBearerAuth()
@UseInterceptors(YamlResponseInterceptor)
@ApiProduces('application/json', 'application/yaml')
@Controller('api/v1/rollouts')
export class RolloutsController {
  constructor(private readonly rollouts: RolloutsService) {}

  @Get()
  @Access('rollouts', 'get', EACH_ROW)
  @ApiQueryParameters(listRolloutsQuerySchema)
  @ApiAnswer(200, rolloutPageSchema, 'One page of rollouts, newest first')
  @ApiErrors()
  list(@Query(new ZodValidationPipe(listRolloutsQuerySchema)) query: z.infer<typeof listRolloutsQuerySchema>, @CallerAccess() access: RequestAccess) {
    return this.rollouts.list(query, access.rowFilter('rollouts'));
  }

  @Get(':id')
  @Access('rollouts', 'get', stored.rollout('id'))
  @ROLLOUT_ID
  @ApiAnswer(200, rolloutSchema, 'The rollout: its steps with their clocks, every application, and what happened')
  @ApiErrors(404)
  get(@Param('id', new UuidParamPipe('Rollout')) id: string) {
    return this.rollouts.get(id);
  }

  /** No new syncs start; those under way finish. */
  @Post(':id/pause')
  @Access('rollouts', 'pause', stored.rollout('id'))
  @HttpCode(200)
  @ROLLOUT_ID
  @ApiAnswer(200, rolloutSchema, 'The paused rollout')
  @ApiErrors(404, WRONG_STATE)
  pause(@Param('id', new UuidParamPipe('Rollout')) id: string, @CurrentPrincipal() principal: Principal) {
    return this.rollouts.control(id, 'pause', principal.name);
  }

  @Post(':id/resume')
  @Access('rollouts', 'resume', stored.rollout('id'))
  @HttpCode(200)
  @ROLLOUT_ID
  @ApiAnswer(200, rolloutSchema, 'The rollout, progressing again')
  @ApiErrors(404, WRONG_STATE)
  resume(@Param('id', new UuidParamPipe('Rollout')) id: string, @CurrentPrincipal() principal: Principal) {
    return this.rollouts.control(id, 'resume', principal.name);
  }

  /** Final: no new syncs start, nothing is undone. */
  @Post(':id/abort')
  @Access('rollouts', 'abort', stored.rollout('id'))
  @HttpCode(200)
  @ROLLOUT_ID
  @ApiAnswer(200, rolloutSchema, 'The aborted rollout')
  @ApiErrors(404, WRONG_STATE)
  abort(@Param('id', new UuidParamPipe('Rollout')) id: string, @CurrentPrincipal() principal: Principal) {
    return this.rollouts.control(id, 'abort', principal.name);
  }

  /** The step waiting for approval starts at the next rollout pass. */
  @Post(':id/approve')
  @Access('rollouts', 'approve', stored.rollout('id'))
  @HttpCode(200)
  @ROLLOUT_ID
  @ApiAnswer(200, rolloutSchema, 'The approved rollout')
  @ApiErrors(404, WRONG_STATE)
  approve(@Param('id', new UuidParamPipe('Rollout')) id: string, @CurrentPrincipal() principal: Principal) {
    return this.rollouts.control(id, 'approve', principal.name);
  }
}
