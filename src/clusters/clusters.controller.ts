import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ZodValidationPipe } from '../common/http/zod-validation.pipe';
import {
  checkQuerySchema,
  type ListClustersQuery,
  listClustersQuerySchema,
  type PatchClusterRequest,
  patchClusterSchema,
  type RegisterClusterRequest,
  registerClusterSchema,
} from './cluster.schemas';
import { ClustersService } from './clusters.service';

type CheckQuery = z.infer<typeof checkQuerySchema>;

@ApiTags('clusters')
@ApiBearerAuth()
@Controller('api/v1/clusters')
export class ClustersController {
  constructor(private readonly clusters: ClustersService) {}

  @Post()
  @ApiConsumes('application/json', 'application/yaml')
  @ApiBody({ schema: z.toJSONSchema(registerClusterSchema) as object })
  @ApiQuery({ name: 'check', required: false, description: 'true: refuse (422) unless the cluster answers /version' })
  register(
    @Body(new ZodValidationPipe(registerClusterSchema)) body: RegisterClusterRequest,
    @Query(new ZodValidationPipe(checkQuerySchema)) query: CheckQuery,
  ) {
    return this.clusters.register(body, query.check === 'true');
  }

  @Get()
  @ApiQuery({ name: 'selector', required: false, description: 'Kubernetes label selector, e.g. env in (staging,production),tier!=db' })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  list(@Query(new ZodValidationPipe(listClustersQuerySchema)) query: ListClustersQuery) {
    return this.clusters.list(query);
  }

  @Get(':name')
  get(@Param('name') name: string) {
    return this.clusters.get(name);
  }

  @Patch(':name')
  @ApiConsumes('application/merge-patch+json', 'application/json', 'application/yaml')
  @ApiBody({ schema: z.toJSONSchema(patchClusterSchema) as object })
  patch(
    @Param('name') name: string,
    @Body(new ZodValidationPipe(patchClusterSchema)) body: PatchClusterRequest,
    @Query(new ZodValidationPipe(checkQuerySchema)) query: CheckQuery,
  ) {
    return this.clusters.patch(name, body, query.check === 'true');
  }

  @Delete(':name')
  @HttpCode(204)
  delete(@Param('name') name: string) {
    return this.clusters.delete(name);
  }

  @Post(':name/check')
  @HttpCode(200)
  check(@Param('name') name: string) {
    return this.clusters.check(name);
  }
}
