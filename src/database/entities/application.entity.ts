import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Application, ApplicationStatusRecord } from '../../domain/application';

/** One generated Application in Argo CD's shape; names are unique hub-wide. */
@Entity({ name: 'applications' })
export class ApplicationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('uq_applications_name', { unique: true })
  @Column({ type: 'text' })
  name!: string;

  /** The owning set; null once orphaned (the set was deleted without cascade). */
  @Index('ix_applications_application_set')
  @Column({ name: 'application_set', type: 'text', nullable: true })
  applicationSet!: string | null;

  /** The set that owned it before it was orphaned; a set of that name adopts it again. */
  @Column({ name: 'orphaned_from', type: 'text', nullable: true })
  orphanedFrom!: string | null;

  @Index('ix_applications_cluster')
  @Column({ type: 'text' })
  cluster!: string;

  @Index('ix_applications_project')
  @Column({ type: 'text' })
  project!: string;

  @Index('ix_applications_labels', { synchronize: false })
  @Column({ type: 'jsonb' })
  labels!: Record<string, string>;

  @Column({ type: 'jsonb' })
  manifest!: Application;

  @Column({ type: 'jsonb' })
  status!: ApplicationStatusRecord;

  /** Hash of the manifest as last generated: an unchanged expansion is recognised without loading manifests. */
  @Column({ type: 'text' })
  fingerprint!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
