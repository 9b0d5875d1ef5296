import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Who reconciles one shard. `epoch` grows with every change of holder; writes made under a lease carry the
 * epoch they were started with and are refused once it is stale (fencing), so a paused replica can never
 * write over its successor.
 */
@Entity({ name: 'shard_leases' })
export class ShardLeaseEntity {
  @PrimaryColumn({ type: 'int' })
  shard!: number;

  @Column({ type: 'text', nullable: true })
  holder!: string | null;

  @Column({ type: 'bigint', default: 0 })
  epoch!: string;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;
}
