import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { ApiAnswer, ApiErrors, ApiQueryParameters, ApiRequestBody } from '../common/http/openapi';
import { ZodValidationPipe } from '../common/http/zod-validation.pipe';
import {
  checkQuerySchema,
  clusterPageSchema,
  clusterSchema,
  type ListClustersQuery,
  listClustersQuerySchema,
  type PatchClusterRequest,
  patchClusterSchema,
  type RegisterClusterRequest,
  registerClusterSchema,
} from './cluster.schemas';
import { ClustersService } from './clusters.service';
import { Access, createdBy, EACH_ROW, stored } from '../auth/permission.decorator';
import { CallerAccess, type RequestAccess } from '../auth/request-access';

type CheckQuery = z.infer<typeof checkQuerySchema>;

const CHECK_FAILED = { status: 422, description: 'With ?check=true: the cluster did not answer /version with these credentials' };

@ApiTags('clusters')
@ApiBearerAuth()
@Controller('api/v1/clusters')
export class ClustersController {
  constructor(private readonly clusters: ClustersService) {}

  @Post()
  @Access('clusters', 'create', createdBy('cluster'))
  @ApiConsumes('application/json', 'application/yaml')
  @ApiRequestBody(registerClusterSchema)
  @ApiQueryParameters(checkQuerySchema)
  @ApiAnswer(201, clusterSchema, 'The registered cluster')
  @ApiErrors({ status: 409, description: 'The name or the server is already registered' }, CHECK_FAILED)
  register(
    @Body(new ZodValidationPipe(registerClusterSchema)) body: RegisterClusterRequest,
    @Query(new ZodValidationPipe(checkQuerySchema)) query: CheckQuery,
  ) {
    return this.clusters.register(body, query.check === 'true');
  }

  @Get()
  @Access('clusters', 'get', EACH_ROW)
  @ApiQueryParameters(listClustersQuerySchema)
  @ApiAnswer(200, clusterPageSchema, 'One page of clusters, by name')
  @ApiErrors()
  list(@Query(new ZodValidationPipe(listClustersQuerySchema)) query: ListClustersQuery, @CallerAccess() access: RequestAccess) {
    return this.clusters.list(query, access.rowFilter('clusters'));
  }

  @Get(':name')
  @Access('clusters', 'get', stored.cluster('name'))
  @ApiAnswer(200, clusterSchema, 'The cluster')
  @ApiErrors(404)
  get(@Param('name') name: string) {
    return this.clusters.get(name);
  }

  @Patch(':name')
  @Access('clusters', 'update', stored.cluster('name'))
  @ApiConsumes('application/merge-patch+json', 'application/json', 'application/yaml')
  @ApiRequestBody(patchClusterSchema, { description: 'JSON merge patch: null removes a label, an annotation, a TLS field or the project' })
  @ApiQueryParameters(checkQuerySchema)
  @ApiAnswer(200, clusterSchema, 'The cluster as patched')
  @ApiErrors(404, { status: 409, description: 'The new server is already registered' }, CHECK_FAILED)
  patch(
    @Param('name') name: string,
    @Body(new ZodValidationPipe(patchClusterSchema)) body: PatchClusterRequest,
    @Query(new ZodValidationPipe(checkQuerySchema)) query: CheckQuery,
  ) {
    return this.clusters.patch(name, body, query.check === 'true');
  }

  @Delete(':name')
  @Access('clusters', 'delete', stored.cluster('name'))
  @HttpCode(204)
  @ApiAnswer(204, null, 'Removed')
  @ApiErrors(404)
  delete(@Param('name') name: string) {
    return this.clusters.delete(name);
  }

  @Post(':name/check')
  @Access('clusters', 'update', stored.cluster('name'))
  @HttpCode(200)
  @ApiAnswer(200, clusterSchema, 'The cluster with the outcome of the check in its status')
  @ApiErrors(404)
  check(@Param('name') name: string) {
    return this.clusters.check(name);
  }
}
