import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApplicationsModule } from '../applications/applications.module';
import { ClustersModule } from '../clusters/clusters.module';
import { ProjectsModule } from '../projects/projects.module';
import { ApplicationSetEntity } from './application-set.entity';
import { ApplicationSetReconciler } from './application-set.reconciler';
import { ApplicationSetRepository } from './application-set.repository';
import { ApplicationSetsController } from './application-sets.controller';
import { ApplicationSetsService } from './application-sets.service';
import { ExpansionContextService } from './expansion-context.service';
import { ExpansionTriggers } from './expansion.triggers';

@Module({
  imports: [TypeOrmModule.forFeature([ApplicationSetEntity]), ApplicationsModule, ClustersModule, ProjectsModule],
  controllers: [ApplicationSetsController],
  providers: [ApplicationSetRepository, ApplicationSetReconciler, ApplicationSetsService, ExpansionContextService, ExpansionTriggers],
  exports: [ApplicationSetsService, ExpansionTriggers],
})
export class ApplicationSetsModule {}
