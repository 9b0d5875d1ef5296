import { Module } from '@nestjs/common';
import { ShardOwnershipService } from './shard-ownership.service';
import { ShardsController } from './shards.controller';
import { ShardsService } from './shards.service';

@Module({
  controllers: [ShardsController],
  providers: [ShardOwnershipService, ShardsService],
  exports: [ShardOwnershipService],
})
export class ShardingModule {}
