import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Res, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { pageQuery } from '../common/http/pagination';
import { ZodValidationPipe } from '../common/http/zod-validation.pipe';
import { YamlResponseInterceptor } from '../common/http/yaml-response.interceptor';
import { ApplicationSetsService } from './application-sets.service';

const listQuery = z.strictObject(pageQuery(1000, 100));
const deleteQuery = z.strictObject({ cascade: z.enum(['true', 'false']).optional(), dryRun: z.enum(['true', 'false']).optional() });

@ApiTags('applicationsets')
@ApiBearerAuth()
@UseInterceptors(YamlResponseInterceptor)
@ApiConsumes('application/json', 'application/yaml')
@ApiProduces('application/json', 'application/yaml')
@Controller('api/v1/applicationsets')
export class ApplicationSetsController {
  constructor(private readonly sets: ApplicationSetsService) {}

  @Post()
  create(@Body() body: unknown) {
    return this.sets.create(body);
  }

  /** Dry run: what the manifest generates and what it would create, update or delete. Writes nothing. */
  @Post('preview')
  @HttpCode(200)
  preview(@Body() body: unknown) {
    return this.sets.preview(body);
  }

  @Put(':name')
  async replace(@Param('name') name: string, @Body() body: unknown, @Res({ passthrough: true }) response: Response) {
    const { created, view } = await this.sets.replace(name, body);
    response.status(created ? 201 : 200);
    return view;
  }

  @Get()
  list(@Query(new ZodValidationPipe(listQuery)) query: z.infer<typeof listQuery>) {
    return this.sets.list(query.limit, query.cursor);
  }

  @Get(':name')
  get(@Param('name') name: string) {
    return this.sets.get(name);
  }

  /** Re-expand now; the applications it creates or changes are reconciled at once. */
  @Post(':name/refresh')
  @HttpCode(200)
  refresh(@Param('name') name: string) {
    return this.sets.refresh(name);
  }

  @Post(':name/approve-deletions')
  @HttpCode(200)
  approveDeletions(@Param('name') name: string) {
    return this.sets.approveDeletions(name);
  }

  @Delete(':name')
  @ApiQuery({ name: 'cascade', required: false, description: 'true: delete the generated applications too (default: orphan them)' })
  @ApiQuery({ name: 'dryRun', required: false, description: 'true: only show what would be deleted or orphaned' })
  delete(@Param('name') name: string, @Query(new ZodValidationPipe(deleteQuery)) query: z.infer<typeof deleteQuery>) {
    return this.sets.delete(name, query.cascade === 'true', query.dryRun === 'true');
  }
}
