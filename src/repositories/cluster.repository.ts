import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { SelectorRequirement } from '../common/label-selector';
import { whereLabelsMatch } from '../database/label-selector-sql';
import { ClusterEntity } from '../database/entities/cluster.entity';

export type ClusterStatusUpdate = Pick<ClusterEntity, 'connectionState' | 'serverVersion' | 'statusMessage' | 'lastCheckedAt'>;

@Injectable()
export class ClusterRepository {
  constructor(@InjectRepository(ClusterEntity) private readonly clusters: Repository<ClusterEntity>) {}

  findByName(name: string): Promise<ClusterEntity | null> {
    return this.clusters.findOneBy({ name });
  }

  findByServer(server: string): Promise<ClusterEntity | null> {
    return this.clusters.findOneBy({ server });
  }

  /** Keyset pagination by name: stable under concurrent inserts, no OFFSET scans on large fleets. */
  /** Up to `limit + 1` rows after `after`, by name (the extra row tells the caller a next page exists). */
  list(selector: SelectorRequirement[], limit: number, after?: string): Promise<ClusterEntity[]> {
    const query = this.clusters.createQueryBuilder('c').orderBy('c.name', 'ASC').take(limit + 1);
    if (after !== undefined) query.andWhere('c.name > :after', { after });
    whereLabelsMatch(query, 'c.labels', selector);
    return query.getMany();
  }

  /** What generators may read of every cluster: no credentials are loaded for an expansion. */
  listGeneratorFacts(): Promise<Pick<ClusterEntity, 'name' | 'nameNormalized' | 'server' | 'project' | 'labels' | 'annotations'>[]> {
    return this.clusters.find({
      select: { name: true, nameNormalized: true, server: true, project: true, labels: true, annotations: true },
      order: { name: 'ASC' },
    });
  }

  /** Every cluster with its sealed credentials, for connectivity passes and key rotation. */
  listAll(): Promise<ClusterEntity[]> {
    return this.clusters.find({ order: { name: 'ASC' } });
  }

  insert(cluster: Partial<ClusterEntity>): Promise<ClusterEntity> {
    return this.clusters.save(this.clusters.create(cluster));
  }

  save(cluster: ClusterEntity): Promise<ClusterEntity> {
    return this.clusters.save(cluster);
  }

  async deleteByName(name: string): Promise<boolean> {
    const result = await this.clusters.delete({ name });
    return (result.affected ?? 0) > 0;
  }

  /** Status only: a check must not overwrite a concurrent edit of labels or credentials. */
  async updateStatus(id: string, status: ClusterStatusUpdate): Promise<void> {
    await this.clusters.update({ id }, status);
  }

  /** Compare-and-set on the key id, so a concurrent credential rotation is never overwritten with old data. */
  async updateSecret(id: string, expectedKeyId: string, secret: Pick<ClusterEntity, 'credentialsKeyId' | 'credentialsCiphertext'>): Promise<void> {
    await this.clusters.update({ id, credentialsKeyId: expectedKeyId }, secret);
  }
}
