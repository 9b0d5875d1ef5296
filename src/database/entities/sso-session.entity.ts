import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A person's session after signing in through the OIDC provider (`src/sso/`). */
@Entity({ name: 'sso_sessions' })
export class SsoSessionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** SHA-256 of the session secret (the cookie value or `fls_` bearer token); the secret itself is never stored. */
  @Index('uq_sso_sessions_secret_hash', { unique: true })
  @Column({ name: 'secret_hash', type: 'text' })
  secretHash!: string;

  /** The ID token's `sub`: who the policies and the audit log see. */
  @Column({ type: 'text' })
  subject!: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  /** The groups claim as read at sign-in. */
  @Column({ type: 'jsonb' })
  groups!: string[];

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** Indexed for the retention pass, which deletes expired sessions. */
  @Index('ix_sso_sessions_expires_at')
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;
}
