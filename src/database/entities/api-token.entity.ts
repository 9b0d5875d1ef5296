import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '../../domain/roles';
import { ProjectEntity } from './project.entity';

/**
 * A hub API token: either a global token with a built-in `role`, or a token of an AppProject role (`project` and
 * `projectRole`, whose `name` is the token's id within that role). The database holds one or the other
 * (ck_api_tokens_role_or_project_role), and a project's tokens go with it (ON DELETE CASCADE).
 */
@Entity({ name: 'api_tokens' })
@Check(
  'ck_api_tokens_role_or_project_role',
  `("role" IS NOT NULL AND "project" IS NULL AND "project_role" IS NULL)
        OR ("role" IS NULL AND "project" IS NOT NULL AND "project_role" IS NOT NULL)`,
)
@Index('uq_api_tokens_project_role_name', ['project', 'projectRole', 'name'], { unique: true, where: '"project" IS NOT NULL' })
export class ApiTokenEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Unique among global tokens (uq_api_tokens_name), and within its project role (uq_api_tokens_project_role_name). */
  @Index('uq_api_tokens_name', { unique: true, where: '"project" IS NULL' })
  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  role!: Role | null;

  @ForeignKey(() => ProjectEntity, 'name', { name: 'fk_api_tokens_project', onDelete: 'CASCADE' })
  @Column({ type: 'text', nullable: true })
  project!: string | null;

  @Column({ name: 'project_role', type: 'text', nullable: true })
  projectRole!: string | null;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  /** SHA-256 of the token; the token itself is shown once and never stored. */
  @Index('uq_api_tokens_token_hash', { unique: true })
  @Column({ name: 'token_hash', type: 'text' })
  tokenHash!: string;

  @Column({ name: 'created_by', type: 'text', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;
}
