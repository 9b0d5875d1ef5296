import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module';
import { ClustersModule } from '../clusters/clusters.module';
import { HistoryModule } from '../history/history.module';
import { ProjectsModule } from '../projects/projects.module';
import { RepositoriesModule } from '../repositories/repositories.module';
import { ShardingModule } from '../sharding/sharding.module';
import { ApplicationSyncService } from './application-sync.service';
import { DeliveryModule } from './delivery.module';
import { InClusterConnection } from './in-cluster-connection';
import { ReconcileWorker } from './reconcile.worker';
import { RevisionPoller } from './revision-poller';
import { SyncController } from './sync.controller';
import { SyncRequestsService } from './sync-requests.service';

@Module({
  imports: [DeliveryModule, ApplicationsModule, ClustersModule, HistoryModule, ProjectsModule, RepositoriesModule, ShardingModule],
  controllers: [SyncController],
  providers: [RevisionPoller, InClusterConnection, ApplicationSyncService, ReconcileWorker, SyncRequestsService],
  exports: [ReconcileWorker, RevisionPoller],
})
export class ReconcileModule {}
