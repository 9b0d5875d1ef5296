import { Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Every application that ever had a sync run on a cluster, kept when either is deleted: the history queries walk
 * these (a few per cluster) instead of every run, and probe each one's newest run, which a partitioned sync_runs
 * answers from its newest partition.
 */
@Entity({ name: 'synced_applications' })
@Index('ix_synced_applications_cluster', ['cluster', 'application'])
export class SyncedApplicationEntity {
  @PrimaryColumn({ type: 'text' })
  application!: string;

  @PrimaryColumn({ type: 'text' })
  cluster!: string;
}
