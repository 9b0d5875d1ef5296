import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { BatchedLookups } from '../common/batched-lookups';

/** A hub object an app of apps owns: its kind, name and manifest as stored. */
export interface AdoptedRow {
  kind: 'AppProject' | 'ApplicationSet' | 'Application';
  name: string;
  manifest: unknown;
}

const NOTHING_OWNED: readonly AdoptedRow[] = Object.freeze([]);

/**
 * The one read that spans the three tables of hub objects: what a parent application owns. Every application's
 * first reconcile here asks it (almost always to hear "nothing"), so it is one round trip rather than one per table,
 * and the parents asked for together (a fleet's first rollout: every application at once) share it.
 */
@Injectable()
export class AdoptionRepository {
  private readonly owned = new BatchedLookups<string, readonly AdoptedRow[]>((parents) => this.ownedByAll(parents), NOTHING_OWNED);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Applications being deleted included: they are still the parent's until gone. Read after the call, never before. */
  ownedBy(parent: string): Promise<readonly AdoptedRow[]> {
    return this.owned.get(parent);
  }

  private async ownedByAll(parents: string[]): Promise<Map<string, readonly AdoptedRow[]>> {
    const rows: (AdoptedRow & { parent: string })[] = await this.dataSource.query(
      `SELECT parent_application AS parent, 'AppProject' AS kind, name, manifest FROM projects WHERE parent_application = ANY($1)
       UNION ALL SELECT parent_application, 'ApplicationSet', name, manifest FROM application_sets WHERE parent_application = ANY($1)
       UNION ALL SELECT parent_application, 'Application', name, manifest FROM applications WHERE origin = 'Application' AND parent_application = ANY($1)
       ORDER BY kind, name`,
      [parents],
    );
    const byParent = new Map<string, AdoptedRow[]>();
    for (const { parent, ...row } of rows) {
      const owned = byParent.get(parent) ?? [];
      owned.push(row);
      byParent.set(parent, owned);
    }
    return byParent;
  }
}
