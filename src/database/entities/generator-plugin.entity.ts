import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * A generator plugin (Argo CD's plugin generator service): what a `plugin` generator's `configMapRef.name` names.
 * Its bearer token is sealed like cluster credentials, bound to the row's id.
 */
@Entity({ name: 'generator_plugins' })
export class GeneratorPluginEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('uq_generator_plugins_name', { unique: true })
  @Column({ type: 'text' })
  name!: string;

  /** http(s), without credentials; the hub POSTs to `<baseUrl>/api/v1/getparams.execute`. */
  @Column({ name: 'base_url', type: 'text' })
  baseUrl!: string;

  @Column({ name: 'request_timeout_seconds', type: 'integer' })
  requestTimeoutSeconds!: number;

  @Column({ name: 'token_key_id', type: 'text' })
  tokenKeyId!: string;

  @Column({ name: 'token_ciphertext', type: 'text' })
  tokenCiphertext!: string;

  /** When the token was last set: the only thing the API says about it. */
  @Column({ name: 'token_updated_at', type: 'timestamptz' })
  tokenUpdatedAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
