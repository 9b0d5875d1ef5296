import { Module } from '@nestjs/common';
import { GeneratorPluginsModule } from '../generator-plugins/generator-plugins.module';
import { GitRemotesModule } from '../git-remotes/git-remotes.module';
import { InClusterDecisionReader } from '../kubernetes/in-cluster-decision-reader';
import { KubernetesModule } from '../kubernetes/kubernetes.module';
import { ProjectsModule } from '../projects/projects.module';
import { DeliveryModule } from '../reconcile/delivery.module';
import { RolloutsModule } from '../rollouts/rollouts.module';
import { ApplicationSetReconciler } from './application-set.reconciler';
import { ApplicationSetsController } from './application-sets.controller';
import { ApplicationSetsService } from './application-sets.service';
import { ExpansionContextService } from './expansion-context.service';
import { ExpansionTriggers } from './expansion.triggers';

@Module({
  imports: [
    ProjectsModule,
    RolloutsModule,
    DeliveryModule,
    GitRemotesModule,
    KubernetesModule,
    GeneratorPluginsModule,
  ],
  controllers: [ApplicationSetsController],
  providers: [
    ApplicationSetReconciler,
    ApplicationSetsService,
    ExpansionContextService,
    ExpansionTriggers,
    // The hub's own cluster, read by clusterDecisionResource generators.
    InClusterDecisionReader,
  ],
  exports: [ApplicationSetsService, ExpansionTriggers, ExpansionContextService],
})
export class ApplicationSetsModule {}
