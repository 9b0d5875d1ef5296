import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import type { SelectorRequirement } from '../common/label-selector';
import { whereLabelsMatch } from '../database/label-selector-sql';
import { ClusterEntity } from '../database/entities/cluster.entity';
import { StateChangeObservers } from './state-changes';
import { inLockOrder } from './lock-order';

export type ClusterStatusUpdate = Pick<ClusterEntity, 'connectionState' | 'serverVersion' | 'statusMessage' | 'lastCheckedAt'>;

@Injectable()
export class ClusterRepository {
  constructor(
    @InjectRepository(ClusterEntity) private readonly clusters: Repository<ClusterEntity>,
    private readonly observers: StateChangeObservers,
  ) {}

  findByName(name: string): Promise<ClusterEntity | null> {
    return this.clusters.findOneBy({ name });
  }

  /** The clusters of these names that exist (one statement). */
  findByNames(names: readonly string[]): Promise<ClusterEntity[]> {
    return this.clusters.findBy({ name: In([...names]) });
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
  async listGeneratorFacts(): Promise<Pick<ClusterEntity, 'name' | 'nameNormalized' | 'server' | 'project' | 'labels' | 'annotations'>[]> {
    // Plain rows rather than entities: every expansion reads the whole registry, and hydrating 10,000 entities costs
    // more than the query.
    const rows: { name: string; name_normalized: string; server: string; project: string | null; labels: Record<string, string>; annotations: Record<string, string> }[] =
      await this.clusters.query('SELECT name, name_normalized, server, project, labels, annotations FROM clusters ORDER BY name');
    return rows.map((row) => ({ name: row.name, nameNormalized: row.name_normalized, server: row.server, project: row.project, labels: row.labels, annotations: row.annotations }));
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
    if (!this.observers.active) {
      await this.clusters.update({ id }, status);
      return;
    }
    // The state before is read under a row lock in the same transaction, so two checks never both see a transition.
    await this.clusters.manager.transaction(async (manager) => {
      const before = await manager.findOne(ClusterEntity, { where: { id }, select: { id: true, name: true, server: true, labels: true, connectionState: true }, lock: { mode: 'pessimistic_write' } });
      if (!before) return;
      await manager.update(ClusterEntity, { id }, status);
      const cluster = { name: before.name, server: before.server, labels: before.labels };
      await this.observers.observe(manager, { kind: 'cluster-connectivity', cluster, from: before.connectionState, to: status.connectionState, message: status.statusMessage });
    });
  }

  /**
   * The results of many checks (a scheduled pass), written together. Those that leave a cluster's state as stored are
   * one statement, compare-and-set on the state: at rest that is every check, so a pass over a thousand clusters is a
   * few statements instead of a locked transaction each. The rest — a change of state, or a row changed meanwhile —
   * go one by one through `updateStatus`, which reads the state before under a row lock so a transition is seen once.
   */
  async updateStatuses(updates: readonly { id: string; status: ClusterStatusUpdate }[]): Promise<void> {
    if (updates.length === 0) return;
    // In one order whoever writes: two passes overlapping (a lease that ran out mid-pass) lock their rows alike.
    const sorted = inLockOrder(updates, (update) => update.id);
    const unchanged: { id: string }[] = await this.clusters.query(
      // As a CTE: a bare UPDATE ... RETURNING comes back from TypeORM as [rows, count].
      `WITH written AS (
         UPDATE clusters AS c
            SET connection_state = u.state, server_version = u.version, status_message = u.message, last_checked_at = u.checked_at, updated_at = now()
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[]) AS u(id, state, version, message, checked_at)
          WHERE c.id = u.id AND c.connection_state = u.state
          RETURNING c.id)
       SELECT id FROM written`,
      [
        sorted.map((update) => update.id),
        sorted.map((update) => update.status.connectionState),
        sorted.map((update) => update.status.serverVersion),
        sorted.map((update) => update.status.statusMessage),
        sorted.map((update) => update.status.lastCheckedAt),
      ],
    );
    const written = new Set(unchanged.map((row) => row.id));
    for (const update of sorted) {
      if (!written.has(update.id)) await this.updateStatus(update.id, update.status);
    }
  }

  /** Compare-and-set on the key id, so a concurrent credential rotation is never overwritten with old data. */
  async updateSecret(id: string, expectedKeyId: string, secret: Pick<ClusterEntity, 'credentialsKeyId' | 'credentialsCiphertext'>): Promise<void> {
    await this.clusters.update({ id, credentialsKeyId: expectedKeyId }, secret);
  }
}
