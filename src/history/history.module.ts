import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApplicationsModule } from '../applications/applications.module';
import { HistoryController } from './history.controller';
import { HistoryService } from './history.service';
import { SyncRunEntity } from './sync-run.entity';
import { SyncRunRepository } from './sync-run.repository';

@Module({
  imports: [TypeOrmModule.forFeature([SyncRunEntity]), ApplicationsModule],
  controllers: [HistoryController],
  providers: [SyncRunRepository, HistoryService],
  exports: [SyncRunRepository],
})
export class HistoryModule {}
