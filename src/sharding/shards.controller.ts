import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiAnswer, ApiErrors } from '../common/http/openapi';
import { shardListSchema } from './shard.schemas';
import { ShardsService } from './shards.service';
import { Access, HUB_WIDE } from '../auth/permission.decorator';

@ApiTags('shards')
@ApiBearerAuth()
@Controller('api/v1/shards')
export class ShardsController {
  constructor(private readonly shards: ShardsService) {}

  /** Owners, lease expiry and assigned clusters of every shard. */
  @Get()
  @Access('shards', 'get', HUB_WIDE)
  @ApiAnswer(200, shardListSchema, 'Every shard with its lease and clusters')
  @ApiErrors()
  list() {
    return this.shards.list();
  }
}
