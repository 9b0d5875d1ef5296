import { Module } from '@nestjs/common';
import { ApplicationSetsModule } from '../applicationsets/application-sets.module';
import { HistoryModule } from '../history/history.module';
import { ReconcileModule } from '../reconcile/reconcile.module';
import { ApplicationChecks } from './application-checks';
import { ApplicationDiffService } from './application-diff.service';
import { ApplicationsController } from './applications.controller';
import { ApplicationManifestsService } from './application-manifests.service';
import { ApplicationsService } from './applications.service';
import { SyncRequestsService } from './sync-requests.service';

@Module({
  imports: [ReconcileModule, HistoryModule, ApplicationSetsModule],
  controllers: [ApplicationsController],
  providers: [ApplicationsService, ApplicationDiffService, ApplicationManifestsService, SyncRequestsService, ApplicationChecks],
  exports: [ApplicationChecks],
})
export class ApplicationsModule {}
