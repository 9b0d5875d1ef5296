import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { AppProject } from '../../domain/app-project';

/** An Argo CD AppProject, stored as the manifest the user gave. */
@Entity({ name: 'projects' })
export class ProjectEntity {
  @PrimaryColumn({ type: 'text' })
  name!: string;

  @Column({ type: 'jsonb' })
  manifest!: AppProject;

  /** Set when an app of apps adopted it from its manifests: that Application creates, updates and prunes it. */
  @Column({ name: 'parent_application', type: 'text', nullable: true })
  parentApplication!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
