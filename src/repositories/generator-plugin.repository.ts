import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { GeneratorPluginEntity } from '../database/entities/generator-plugin.entity';

@Injectable()
export class GeneratorPluginRepository {
  constructor(@InjectRepository(GeneratorPluginEntity) private readonly rows: Repository<GeneratorPluginEntity>) {}

  findByName(name: string): Promise<GeneratorPluginEntity | null> {
    return this.rows.findOneBy({ name });
  }

  /** Every registered plugin by name (with its sealed token, for key rotation too). */
  list(): Promise<GeneratorPluginEntity[]> {
    return this.rows.find({ order: { name: 'ASC' } });
  }

  insert(row: Partial<GeneratorPluginEntity>): Promise<GeneratorPluginEntity> {
    return this.rows.save(this.rows.create(row));
  }

  /** Writes the changed fields of a plugin; undefined when no plugin has that name (any more). */
  async update(name: string, changes: Partial<GeneratorPluginEntity>): Promise<GeneratorPluginEntity | undefined> {
    const result = await this.rows.update({ name }, changes);
    if ((result.affected ?? 0) === 0) return undefined;
    return (await this.findByName(name)) ?? undefined;
  }

  /** Compare-and-set on the key id, so a concurrent change is never overwritten with old data. */
  async updateSecret(id: string, expectedKeyId: string, secret: { tokenKeyId: string; tokenCiphertext: string }): Promise<void> {
    await this.rows.update({ id, tokenKeyId: expectedKeyId }, secret);
  }

  async deleteByName(name: string): Promise<boolean> {
    const result = await this.rows.delete({ name });
    return (result.affected ?? 0) > 0;
  }
}
