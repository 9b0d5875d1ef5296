import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/**
 * The counter that triggers bump as any write to projects, ApplicationSet manifests or repositories commits
 * (migration ConfigGeneration): unchanged means that what a replica read of them is still what they hold.
 */
@Injectable()
export class ConfigGenerationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private unknown = 0;

  /** The counter; without its row (deleted by hand, a partial restore) a value never seen before, so readers read again. */
  async current(): Promise<string> {
    const rows: { generation: string }[] = await this.dataSource.query(`SELECT generation::text AS generation FROM config_generation`);
    return rows[0]?.generation ?? `unknown-${++this.unknown}`;
  }
}
