import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiProduces, ApiTags } from '@nestjs/swagger';
import { YamlResponseInterceptor } from '../common/http/yaml-response.interceptor';
import { ProjectsService } from './projects.service';

@ApiTags('projects')
@ApiBearerAuth()
@UseInterceptors(YamlResponseInterceptor)
@ApiConsumes('application/json', 'application/yaml')
@ApiProduces('application/json', 'application/yaml')
@Controller('api/v1/projects')
export class ProjectsController {
  constructor(private readonly projects: ProjectsService) {}

  @Post()
  create(@Body() body: unknown) {
    return this.projects.create(body);
  }

  @Put(':name')
  replace(@Param('name') name: string, @Body() body: unknown) {
    return this.projects.replace(name, body);
  }

  @Get()
  list() {
    return this.projects.list();
  }

  @Get(':name')
  get(@Param('name') name: string) {
    return this.projects.get(name);
  }

  @Delete(':name')
  @HttpCode(204)
  delete(@Param('name') name: string) {
    return this.projects.delete(name);
  }
}
