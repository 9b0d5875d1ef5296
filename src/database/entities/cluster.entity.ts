import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type ConnectionState = 'Unknown' | 'Successful' | 'Failed';
export type CredentialsType = 'bearerToken' | 'clientCertificate' | 'kubeconfig';

@Entity({ name: 'clusters' })
export class ClusterEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('uq_clusters_name', { unique: true })
  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'name_normalized', type: 'text' })
  nameNormalized!: string;

  @Index('uq_clusters_server', { unique: true })
  @Column({ type: 'text' })
  server!: string;

  @Column({ type: 'text', nullable: true })
  project!: string | null;

  @Index('ix_clusters_labels', { synchronize: false })
  @Column({ type: 'jsonb' })
  labels!: Record<string, string>;

  @Column({ type: 'jsonb' })
  annotations!: Record<string, string>;

  /** How the credentials were given; the secret itself is only in the ciphertext below. */
  @Column({ name: 'credentials_type', type: 'text' })
  credentialsType!: CredentialsType;

  @Column({ name: 'credentials_key_id', type: 'text' })
  credentialsKeyId!: string;

  @Column({ name: 'credentials_ciphertext', type: 'text' })
  credentialsCiphertext!: string;

  @Column({ name: 'credentials_updated_at', type: 'timestamptz' })
  credentialsUpdatedAt!: Date;

  @Column({ name: 'tls_ca_data', type: 'text', nullable: true })
  tlsCaData!: string | null;

  @Column({ name: 'tls_server_name', type: 'text', nullable: true })
  tlsServerName!: string | null;

  @Column({ name: 'tls_insecure_skip_verify', type: 'boolean', default: false })
  tlsInsecureSkipVerify!: boolean;

  @Column({ name: 'connection_state', type: 'text', default: 'Unknown' })
  connectionState!: ConnectionState;

  @Column({ name: 'server_version', type: 'text', nullable: true })
  serverVersion!: string | null;

  @Column({ name: 'status_message', type: 'text', nullable: true })
  statusMessage!: string | null;

  @Column({ name: 'last_checked_at', type: 'timestamptz', nullable: true })
  lastCheckedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
