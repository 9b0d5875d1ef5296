import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Res, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { z } from 'zod';
import { ApiAnswer, ApiErrors, ApiQueryParameters, ApiRequestBody } from '../common/http/openapi';
import { ZodValidationPipe } from '../common/http/zod-validation.pipe';
import { YamlResponseInterceptor } from '../common/http/yaml-response.interceptor';
import {
  applicationSetManifestBody,
  applicationSetPageSchema,
  applicationSetViewSchema,
  deleteApplicationSetQuerySchema,
  deletionResultSchema,
  listApplicationSetsQuerySchema,
  previewSchema,
} from './application-set.schemas';
import { ApplicationSetsService } from './application-sets.service';
import { Access, createdBy, EACH_ROW, replacedOrCreated, stored } from '../auth/permission.decorator';
import { CallerAccess, type RequestAccess } from '../auth/request-access';

const NOT_SUPPORTED = {
  status: 422,
  description: 'Valid, but cannot be expanded: a generator kind this hub does not run, a generator or template failing on its input, a password in a repoURL, or an invalid rollout strategy',
};

@ApiTags('applicationsets')
@ApiBearerAuth()
@UseInterceptors(YamlResponseInterceptor)
@ApiConsumes('application/json', 'application/yaml')
@ApiProduces('application/json', 'application/yaml')
@Controller('api/v1/applicationsets')
export class ApplicationSetsController {
  constructor(private readonly sets: ApplicationSetsService) {}

  @Post()
  @Access('applicationsets', 'create', createdBy('applicationset'))
  @ApiRequestBody(applicationSetManifestBody)
  @ApiAnswer(201, applicationSetViewSchema, 'The stored set, expanded once, with its status')
  @ApiErrors({ status: 409, description: 'A set of this name exists' }, NOT_SUPPORTED)
  create(@Body() body: unknown) {
    return this.sets.create(body);
  }

  /** Dry run: what the manifest generates and what it would create, update or delete. Writes nothing. */
  @Post('preview')
  @Access('applicationsets', 'create', createdBy('applicationset'))
  @HttpCode(200)
  @ApiRequestBody(applicationSetManifestBody)
  @ApiAnswer(200, previewSchema, 'Every generated application with what applying the manifest would do to it')
  @ApiErrors({ status: 422, description: 'The manifest is invalid, unsupported, or its generators or templates fail' })
  preview(@Body() body: unknown) {
    return this.sets.preview(body);
  }

  @Put(':name')
  @Access('applicationsets', 'update', replacedOrCreated('name', 'applicationset'))
  @ApiRequestBody(applicationSetManifestBody, { description: 'metadata.name must be the name in the path' })
  @ApiAnswer(200, applicationSetViewSchema, 'The set, replaced and expanded')
  @ApiAnswer(201, applicationSetViewSchema, 'The set, created and expanded')
  @ApiErrors(NOT_SUPPORTED)
  async replace(@Param('name') name: string, @Body() body: unknown, @Res({ passthrough: true }) response: Response) {
    const { created, view } = await this.sets.replace(name, body);
    response.status(created ? 201 : 200);
    return view;
  }

  @Get()
  @Access('applicationsets', 'get', EACH_ROW)
  @ApiQueryParameters(listApplicationSetsQuerySchema)
  @ApiAnswer(200, applicationSetPageSchema, 'One page of sets, by name')
  @ApiErrors()
  list(@Query(new ZodValidationPipe(listApplicationSetsQuerySchema)) query: z.infer<typeof listApplicationSetsQuerySchema>, @CallerAccess() access: RequestAccess) {
    return this.sets.list(query.limit, query.cursor, access.rowFilter('applicationsets'));
  }

  @Get(':name')
  @Access('applicationsets', 'get', stored.applicationSet('name'))
  @ApiAnswer(200, applicationSetViewSchema, 'The set with its status')
  @ApiErrors(404)
  get(@Param('name') name: string) {
    return this.sets.get(name);
  }

  /** Re-expand now; the applications it creates or changes are reconciled at once. */
  @Post(':name/refresh')
  @Access('applicationsets', 'update', stored.applicationSet('name'))
  @HttpCode(200)
  @ApiAnswer(200, applicationSetViewSchema, 'The set after expanding it again')
  @ApiErrors(404)
  refresh(@Param('name') name: string) {
    return this.sets.refresh(name);
  }

  @Post(':name/approve-deletions')
  @Access('applicationsets', 'delete', stored.applicationSet('name'))
  @HttpCode(200)
  @ApiAnswer(200, applicationSetViewSchema, 'The set after deleting what waited beyond the deletion budget')
  @ApiErrors(404)
  approveDeletions(@Param('name') name: string) {
    return this.sets.approveDeletions(name);
  }

  @Delete(':name')
  @Access('applicationsets', 'delete', stored.applicationSet('name'))
  @ApiQueryParameters(deleteApplicationSetQuerySchema)
  @ApiAnswer(200, deletionResultSchema, 'Which applications were (or would be) deleted or orphaned')
  @ApiErrors(404)
  delete(@Param('name') name: string, @Query(new ZodValidationPipe(deleteApplicationSetQuerySchema)) query: z.infer<typeof deleteApplicationSetQuerySchema>) {
    return this.sets.delete(name, query.cascade === 'true', query.dryRun === 'true');
  }
}
