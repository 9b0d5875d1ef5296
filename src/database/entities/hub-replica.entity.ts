import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A live hub replica's heartbeat: the fair share of shards is the shard count over the live replicas. */
@Entity({ name: 'hub_replicas' })
export class HubReplicaEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'last_seen', type: 'timestamptz' })
  lastSeen!: Date;
}
