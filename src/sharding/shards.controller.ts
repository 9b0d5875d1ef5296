import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ShardsService } from './shards.service';

@ApiTags('shards')
@ApiBearerAuth()
@Controller('api/v1/shards')
export class ShardsController {
  constructor(private readonly shards: ShardsService) {}

  /** Owners, lease expiry and assigned clusters of every shard. */
  @Get()
  list() {
    return this.shards.list();
  }
}
