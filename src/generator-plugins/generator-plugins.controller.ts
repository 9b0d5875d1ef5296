import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiAnswer, ApiErrors, ApiRequestBody } from '../common/http/openapi';
import { ZodValidationPipe } from '../common/http/zod-validation.pipe';
import {
  generatorPluginListSchema,
  generatorPluginSchema,
  type RegisterGeneratorPluginRequest,
  registerGeneratorPluginSchema,
  type ReplaceGeneratorPluginRequest,
  replaceGeneratorPluginSchema,
} from './generator-plugin.schemas';
import { GeneratorPluginsService } from './generator-plugins.service';
import { Access, EACH_ROW, HUB_WIDE, pathName } from '../auth/permission.decorator';
import { ShowVisibleItems } from '../auth/visible-items.interceptor';

const PLUGIN_NAME = ApiParam({ name: 'name', description: 'The name plugin generators give as configMapRef.name', schema: { type: 'string' } });

// Writes need the operator role, as registering repositories and clusters does (the auth guard's default).
@ApiTags('generator-plugins')
@ApiBearerAuth()
@Controller('api/v1/generator-plugins')
export class GeneratorPluginsController {
  constructor(private readonly plugins: GeneratorPluginsService) {}

  @Post()
  @Access('generator-plugins', 'create', HUB_WIDE)
  @ApiRequestBody(registerGeneratorPluginSchema, { description: 'A plugin service for the plugin generator; the token is write-only' })
  @ApiAnswer(201, generatorPluginSchema, 'The registered plugin')
  @ApiErrors({ status: 409, description: 'A plugin of this name is registered' })
  register(@Body(new ZodValidationPipe(registerGeneratorPluginSchema)) body: RegisterGeneratorPluginRequest) {
    return this.plugins.register(body);
  }

  @Get()
  @Access('generator-plugins', 'get', EACH_ROW)
  @ShowVisibleItems('generator-plugins', (plugin: { name: string }) => plugin.name)
  @ApiAnswer(200, generatorPluginListSchema, 'Every registered plugin, by name')
  @ApiErrors()
  list() {
    return this.plugins.list();
  }

  @Get(':name')
  @Access('generator-plugins', 'get', pathName('name', 'Generator plugin'))
  @PLUGIN_NAME
  @ApiAnswer(200, generatorPluginSchema, 'The plugin')
  @ApiErrors(404)
  get(@Param('name') name: string) {
    return this.plugins.get(name);
  }

  @Put(':name')
  @Access('generator-plugins', 'update', pathName('name', 'Generator plugin'))
  @PLUGIN_NAME
  @ApiRequestBody(replaceGeneratorPluginSchema, { description: 'The new address and timeout; the token is kept unless a new one is sent' })
  @ApiAnswer(200, generatorPluginSchema, 'The plugin as replaced')
  @ApiErrors(404)
  replace(@Param('name') name: string, @Body(new ZodValidationPipe(replaceGeneratorPluginSchema)) body: ReplaceGeneratorPluginRequest) {
    return this.plugins.replace(name, body);
  }

  @Delete(':name')
  @Access('generator-plugins', 'delete', pathName('name', 'Generator plugin'))
  @HttpCode(204)
  @PLUGIN_NAME
  @ApiAnswer(204, null, 'Removed')
  @ApiErrors(404)
  delete(@Param('name') name: string) {
    return this.plugins.delete(name);
  }
}
