import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { RepositoryCredentialEntity } from './repository-credential.entity';

@Injectable()
export class RepositoryCredentialRepository {
  constructor(@InjectRepository(RepositoryCredentialEntity) private readonly rows: Repository<RepositoryCredentialEntity>) {}

  findById(id: string): Promise<RepositoryCredentialEntity | null> {
    return this.rows.findOneBy({ id });
  }

  findByNormalizedUrl(normalizedUrl: string): Promise<RepositoryCredentialEntity | null> {
    return this.rows.findOneBy({ normalizedUrl });
  }

  list(): Promise<RepositoryCredentialEntity[]> {
    return this.rows.find({ order: { normalizedUrl: 'ASC' } });
  }

  insert(row: Partial<RepositoryCredentialEntity>): Promise<RepositoryCredentialEntity> {
    return this.rows.save(this.rows.create(row));
  }

  async deleteById(id: string): Promise<boolean> {
    const result = await this.rows.delete({ id });
    return (result.affected ?? 0) > 0;
  }
}
