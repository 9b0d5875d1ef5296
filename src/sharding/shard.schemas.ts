import { z } from 'zod';
import { responseComponent, timestamp } from '../common/http/openapi';
import type { ShardView } from './shards.service';

const shardSchema = z.object({
  shard: z.int(),
  holder: z.string().nullable().describe('The hub replica holding the lease'),
  epoch: z.string().describe('Increases with every change of holder (a 64-bit integer, as text)'),
  leaseExpiresAt: timestamp().nullable(),
  owned: z.boolean().describe("False when nobody holds a live lease: the shard's clusters are not being reconciled"),
  clusters: z.array(z.string()),
}) satisfies z.ZodType<ShardView>;

export const shardListSchema = responseComponent('ShardList', z.object({ shardCount: z.int(), items: z.array(shardSchema) }));
