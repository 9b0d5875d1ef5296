import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { SyncedApplicationEntity } from '../database/entities/synced-application.entity';

@Injectable()
export class SyncedApplicationRepository {
  constructor(@InjectRepository(SyncedApplicationEntity) private readonly synced: Repository<SyncedApplicationEntity>) {}

  /** Notes that the application has a sync run on the cluster; a pair already noted costs a unique-index look-up. */
  async remember(application: string, cluster: string): Promise<void> {
    await this.synced.createQueryBuilder().insert().values({ application, cluster }).orIgnore().execute();
  }
}
