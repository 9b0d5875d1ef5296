import { Module } from '@nestjs/common';
import { HistoryModule } from '../history/history.module';
import { ReconcileModule } from '../reconcile/reconcile.module';
import { ApplicationsController } from './applications.controller';
import { ApplicationsService } from './applications.service';
import { SyncRequestsService } from './sync-requests.service';

@Module({
  imports: [ReconcileModule, HistoryModule],
  controllers: [ApplicationsController],
  providers: [ApplicationsService, SyncRequestsService],
})
export class ApplicationsModule {}
