import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, LessThan, Or, Repository } from 'typeorm';
import { ApiTokenEntity } from '../database/entities/api-token.entity';

@Injectable()
export class ApiTokenRepository {
  constructor(@InjectRepository(ApiTokenEntity) private readonly tokens: Repository<ApiTokenEntity>) {}

  findByHash(tokenHash: string): Promise<ApiTokenEntity | null> {
    return this.tokens.findOneBy({ tokenHash });
  }

  findByName(name: string): Promise<ApiTokenEntity | null> {
    return this.tokens.findOneBy({ name });
  }

  list(): Promise<ApiTokenEntity[]> {
    return this.tokens.find({ order: { name: 'ASC' } });
  }

  count(): Promise<number> {
    return this.tokens.count();
  }

  insert(token: Omit<ApiTokenEntity, 'id' | 'createdAt' | 'lastUsedAt'>): Promise<ApiTokenEntity> {
    return this.tokens.save(this.tokens.create({ ...token, lastUsedAt: null }));
  }

  async deleteByName(name: string): Promise<boolean> {
    const result = await this.tokens.delete({ name });
    return (result.affected ?? 0) > 0;
  }

  /** Records use at most once per `staleBefore` window, so authenticating is not a write per request. */
  async touch(id: string, at: Date, staleBefore: Date): Promise<void> {
    await this.tokens.update({ id, lastUsedAt: Or(IsNull(), LessThan(staleBefore)) }, { lastUsedAt: at });
  }
}
