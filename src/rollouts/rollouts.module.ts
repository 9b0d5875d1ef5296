import { Module } from '@nestjs/common';
import { GitRemotesModule } from '../git-remotes/git-remotes.module';
import { ProjectsModule } from '../projects/projects.module';
import { ReconcileModule } from '../reconcile/reconcile.module';
import { RolloutDriver } from './rollout-driver.service';
import { RolloutPlanner } from './rollout-planner.service';
import { RolloutsController } from './rollouts.controller';
import { RolloutsScheduler } from './rollouts.scheduler';
import { RolloutsService } from './rollouts.service';

/** Fleet rollouts (docs/rollouts.md): the planner and driver under one lease, and the rollouts' routes. */
@Module({
  imports: [ReconcileModule, GitRemotesModule, ProjectsModule],
  controllers: [RolloutsController],
  providers: [RolloutPlanner, RolloutDriver, RolloutsScheduler, RolloutsService],
  exports: [RolloutsService, RolloutsScheduler],
})
export class RolloutsModule {}
