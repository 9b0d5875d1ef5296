import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiAnswer, ApiErrors, ApiRequestBody } from '../common/http/openapi';
import { YamlResponseInterceptor } from '../common/http/yaml-response.interceptor';
import { appProjectManifestBody, projectListSchema, projectSchema } from './project.schemas';
import { ProjectsService, type ProjectView } from './projects.service';
import { Access, createdBy, EACH_ROW, pathName, replacedOrCreated } from '../auth/permission.decorator';
import { ShowVisibleItems } from '../auth/visible-items.interceptor';

@ApiTags('projects')
@ApiBearerAuth()
@UseInterceptors(YamlResponseInterceptor)
@ApiConsumes('application/json', 'application/yaml')
@ApiProduces('application/json', 'application/yaml')
@Controller('api/v1/projects')
export class ProjectsController {
  constructor(private readonly projects: ProjectsService) {}

  @Post()
  @Access('projects', 'create', createdBy('project'))
  @ApiRequestBody(appProjectManifestBody)
  @ApiAnswer(201, projectSchema, 'The stored project')
  @ApiErrors({ status: 409, description: 'A project of this name exists' })
  create(@Body() body: unknown) {
    return this.projects.create(body);
  }

  @Put(':name')
  @Access('projects', 'update', replacedOrCreated('name', 'project'))
  @ApiRequestBody(appProjectManifestBody, { description: 'metadata.name must be the name in the path' })
  @ApiAnswer(200, projectSchema, 'The project, created or replaced')
  @ApiErrors()
  replace(@Param('name') name: string, @Body() body: unknown) {
    return this.projects.replace(name, body);
  }

  @Get()
  @Access('projects', 'get', EACH_ROW)
  @ShowVisibleItems('projects', (project: ProjectView) => project.metadata.name)
  @ApiAnswer(200, projectListSchema, 'Every project, the built-in default included')
  @ApiErrors()
  list() {
    return this.projects.list();
  }

  @Get(':name')
  @Access('projects', 'get', pathName('name', 'Project'))
  @ApiAnswer(200, projectSchema, 'The project')
  @ApiErrors(404)
  get(@Param('name') name: string) {
    return this.projects.get(name);
  }

  @Delete(':name')
  @Access('projects', 'delete', pathName('name', 'Project'))
  @HttpCode(204)
  @ApiAnswer(204, null, 'Deleted')
  @ApiErrors(404, { status: 409, description: 'The default project, or a project applications still use' })
  delete(@Param('name') name: string) {
    return this.projects.delete(name);
  }
}
