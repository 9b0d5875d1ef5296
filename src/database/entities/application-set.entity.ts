import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ApplicationSetStatus } from '../../domain/application-set';

/** An Argo CD ApplicationSet exactly as the user gave it, plus what the last expansion found. */
@Entity({ name: 'application_sets' })
export class ApplicationSetEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('uq_application_sets_name', { unique: true })
  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'jsonb' })
  manifest!: Record<string, unknown>;

  /** Set when an app of apps adopted it from its manifests: that Application creates, updates and prunes it. */
  @Column({ name: 'parent_application', type: 'text', nullable: true })
  parentApplication!: string | null;

  /** Bumped on every change of the manifest, as Kubernetes does for spec changes. */
  @Column({ type: 'int', default: 1 })
  generation!: number;

  @Column({ type: 'jsonb' })
  status!: ApplicationSetStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
