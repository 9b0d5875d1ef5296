import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, LessThan, LessThanOrEqual, MoreThan, Or, Repository } from 'typeorm';
import { SsoSessionEntity } from '../database/entities/sso-session.entity';

@Injectable()
export class SsoSessionRepository {
  constructor(@InjectRepository(SsoSessionEntity) private readonly sessions: Repository<SsoSessionEntity>) {}

  insert(session: Omit<SsoSessionEntity, 'id' | 'revokedAt' | 'lastUsedAt'>): Promise<SsoSessionEntity> {
    return this.sessions.save(this.sessions.create({ ...session, revokedAt: null, lastUsedAt: null }));
  }

  findBySecretHash(secretHash: string): Promise<SsoSessionEntity | null> {
    return this.sessions.findOneBy({ secretHash });
  }

  findById(id: string): Promise<SsoSessionEntity | null> {
    return this.sessions.findOneBy({ id });
  }

  /** Sessions not yet expired (revoked ones included, with their revocation time), newest first. */
  listUnexpired(now: Date): Promise<SsoSessionEntity[]> {
    return this.sessions.find({ where: { expiresAt: MoreThan(now) }, order: { createdAt: 'DESC', id: 'ASC' } });
  }

  /** Marks the session revoked unless it already is; false when no such session is there to revoke. */
  async revoke(id: string, at: Date): Promise<boolean> {
    const result = await this.sessions.update({ id, revokedAt: IsNull() }, { revokedAt: at });
    return (result.affected ?? 0) > 0;
  }

  /** Records use at most once per `staleBefore` window, so authenticating is not a write per request. */
  async touch(id: string, at: Date, staleBefore: Date): Promise<void> {
    await this.sessions.update({ id, lastUsedAt: Or(IsNull(), LessThan(staleBefore)) }, { lastUsedAt: at });
  }

  /** Removes the sessions that expired by `cutoff` (revoked or not); returns how many. */
  async deleteExpiredBy(cutoff: Date): Promise<number> {
    const result = await this.sessions.delete({ expiresAt: LessThanOrEqual(cutoff) });
    return result.affected ?? 0;
  }
}
