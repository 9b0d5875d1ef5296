import { Module } from '@nestjs/common';
import { GitRemotesModule } from '../git-remotes/git-remotes.module';
import { ProjectsModule } from '../projects/projects.module';
import { DeliveryModule } from '../reconcile/delivery.module';
import { RolloutsModule } from '../rollouts/rollouts.module';
import { ApplicationSetReconciler } from './application-set.reconciler';
import { ApplicationSetsController } from './application-sets.controller';
import { ApplicationSetsService } from './application-sets.service';
import { ExpansionContextService } from './expansion-context.service';
import { ExpansionTriggers } from './expansion.triggers';

@Module({
  imports: [ProjectsModule, RolloutsModule, DeliveryModule, GitRemotesModule],
  controllers: [ApplicationSetsController],
  providers: [ApplicationSetReconciler, ApplicationSetsService, ExpansionContextService, ExpansionTriggers],
  exports: [ApplicationSetsService, ExpansionTriggers, ExpansionContextService],
})
export class ApplicationSetsModule {}
