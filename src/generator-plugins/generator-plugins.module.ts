import { Module } from '@nestjs/common';
import { GeneratorPluginsController } from './generator-plugins.controller';
import { GeneratorPluginsService } from './generator-plugins.service';
import { HttpPluginSource } from './http-plugin-source';

/** Generator plugins: their registration over REST, and the plugin generator's adapter that calls them. */
@Module({
  controllers: [GeneratorPluginsController],
  providers: [GeneratorPluginsService, HttpPluginSource],
  exports: [GeneratorPluginsService, HttpPluginSource],
})
export class GeneratorPluginsModule {}
