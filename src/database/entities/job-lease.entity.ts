import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A named, expiring lease: whoever holds it runs that job; an expired one can be taken over. */
@Entity({ name: 'job_leases' })
export class JobLeaseEntity {
  @PrimaryColumn({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  holder!: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}
