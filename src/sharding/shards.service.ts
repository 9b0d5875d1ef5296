import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { ClusterRepository } from '../repositories/cluster.repository';
import { ShardLeaseRepository } from '../repositories/shard-lease.repository';
import { ShardOwnershipService } from './shard-ownership.service';

export interface ShardView {
  shard: number;
  holder: string | null;
  epoch: string;
  leaseExpiresAt: string | null;
  /** False when nobody holds a live lease: its clusters are not being reconciled (shown, never hidden). */
  owned: boolean;
  clusters: string[];
}

@Injectable()
export class ShardsService {
  constructor(
    private readonly leases: ShardLeaseRepository,
    private readonly ownership: ShardOwnershipService,
    private readonly clusters: ClusterRepository,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async list(): Promise<{ shardCount: number; items: ShardView[] }> {
    const [rows, clusters] = await Promise.all([this.leases.list(this.ownership.shardCount), this.clusters.listGeneratorFacts()]);
    const byShard = new Map<number, string[]>();
    for (const cluster of clusters) {
      const shard = this.ownership.shardOfCluster(cluster.name);
      byShard.set(shard, [...(byShard.get(shard) ?? []), cluster.name]);
    }
    const now = this.clock.now().getTime();
    return {
      shardCount: this.ownership.shardCount,
      items: rows.map((row) => ({
        shard: row.shard,
        holder: row.holder,
        epoch: row.epoch,
        leaseExpiresAt: row.expiresAt?.toISOString() ?? null,
        owned: row.holder !== null && row.expiresAt !== null && row.expiresAt.getTime() > now,
        clusters: byShard.get(row.shard) ?? [],
      })),
    };
  }
}
