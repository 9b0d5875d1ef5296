import { Module } from '@nestjs/common';
import { ClustersModule } from '../clusters/clusters.module';
import { GitRemotesModule } from '../git-remotes/git-remotes.module';
import { InClusterConnection } from '../kubernetes/in-cluster-connection';
import { ProjectsModule } from '../projects/projects.module';
import { ShardingModule } from '../sharding/sharding.module';
import { ApplicationRunner } from './application-runner';
import { ApplicationTargets } from './application-targets';
import { ApplicationRuns } from './application-runs';
import { ApplicationSyncService } from './application-sync.service';
import { ApplicationTeardown } from './application-teardown';
import { ComparisonTargets } from './comparison-targets';
import { DestinationApis } from './destination-apis';
import { DeliveryModule } from './delivery.module';
import { DesiredStates } from './desired-state';
import { MarkedDeletions } from './marked-deletions';
import { ReconcileTriggers } from './reconcile.triggers';
import { ReconcileWorker } from './reconcile.worker';
import { RevisionPoller } from './revision-poller';
import { RolloutFollowUps } from './rollout-follow-ups';
import { SettlingFollowUps } from './settling-follow-ups';
import { RolloutTargetsPoller } from './rollout-targets.poller';
import { ReconcileConfig } from './reconcile-config';
import { SyncRunRecorder } from './sync-run-recorder';

@Module({
  imports: [DeliveryModule, ClustersModule, GitRemotesModule, ProjectsModule, ShardingModule],
  providers: [RevisionPoller, ReconcileConfig, DesiredStates, InClusterConnection, SyncRunRecorder, DestinationApis, ApplicationTargets, ComparisonTargets, ApplicationSyncService, ApplicationTeardown, MarkedDeletions, ApplicationRuns, ApplicationRunner, ReconcileWorker, ReconcileTriggers, RolloutTargetsPoller, RolloutFollowUps, SettlingFollowUps],
  exports: [ApplicationRunner, ApplicationSyncService, ComparisonTargets, ReconcileWorker, RevisionPoller, DesiredStates, ShardingModule],
})
export class ReconcileModule {}
