import { Module } from '@nestjs/common';
import { FleetHistoryService } from './fleet-history.service';
import { HistoryController } from './history.controller';
import { HistoryService } from './history.service';
import { AuthModule } from '../auth/auth.module';

@Module({
  imports: [AuthModule],
  controllers: [HistoryController],
  providers: [HistoryService, FleetHistoryService],
  exports: [HistoryService],
})
export class HistoryModule {}
