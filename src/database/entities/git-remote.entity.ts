import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type GitRemoteCredentialsType = 'none' | 'https' | 'ssh';

/** A Git repository the hub may read, with its credentials sealed like cluster credentials. */
@Entity({ name: 'repositories' })
export class GitRemoteEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The URL as the user gave it (without credentials). */
  @Column({ type: 'text' })
  url!: string;

  /** Identity of the repository: one row per normalized URL. */
  @Index('uq_repositories_normalized_url', { unique: true })
  @Column({ name: 'normalized_url', type: 'text' })
  normalizedUrl!: string;

  @Column({ name: 'credentials_type', type: 'text' })
  credentialsType!: GitRemoteCredentialsType;

  @Column({ name: 'credentials_key_id', type: 'text', nullable: true })
  credentialsKeyId!: string | null;

  @Column({ name: 'credentials_ciphertext', type: 'text', nullable: true })
  credentialsCiphertext!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
