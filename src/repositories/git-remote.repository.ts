import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { GitRemoteEntity } from '../database/entities/git-remote.entity';

@Injectable()
export class GitRemoteRepository {
  constructor(@InjectRepository(GitRemoteEntity) private readonly rows: Repository<GitRemoteEntity>) {}

  findById(id: string): Promise<GitRemoteEntity | null> {
    return this.rows.findOneBy({ id });
  }

  findByNormalizedUrl(normalizedUrl: string): Promise<GitRemoteEntity | null> {
    return this.rows.findOneBy({ normalizedUrl });
  }

  list(): Promise<GitRemoteEntity[]> {
    return this.rows.find({ order: { normalizedUrl: 'ASC' } });
  }

  insert(row: Partial<GitRemoteEntity>): Promise<GitRemoteEntity> {
    return this.rows.save(this.rows.create(row));
  }

  /** Every registered repository with its sealed credentials, for key rotation. */
  listSealed(): Promise<GitRemoteEntity[]> {
    return this.rows.find({ order: { normalizedUrl: 'ASC' } });
  }

  /** Compare-and-set on the key id, so a concurrent change is never overwritten with old data. */
  async updateSecret(id: string, expectedKeyId: string, secret: { credentialsKeyId: string; credentialsCiphertext: string }): Promise<void> {
    await this.rows.update({ id, credentialsKeyId: expectedKeyId }, secret);
  }

  async deleteById(id: string): Promise<boolean> {
    const result = await this.rows.delete({ id });
    return (result.affected ?? 0) > 0;
  }
}
