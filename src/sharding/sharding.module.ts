import { Module } from '@nestjs/common';
import { ClustersModule } from '../clusters/clusters.module';
import { ShardLeaseRepository } from './shard-lease.repository';
import { ShardOwnershipService } from './shard-ownership.service';
import { ShardsController } from './shards.controller';
import { ShardsService } from './shards.service';

@Module({
  imports: [ClustersModule],
  controllers: [ShardsController],
  providers: [ShardLeaseRepository, ShardOwnershipService, ShardsService],
  exports: [ShardOwnershipService],
})
export class ShardingModule {}
