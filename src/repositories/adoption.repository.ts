import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** A hub object an app of apps owns: its kind, name and manifest as stored. */
export interface AdoptedRow {
  kind: 'AppProject' | 'ApplicationSet' | 'Application';
  name: string;
  manifest: unknown;
}

/**
 * The one read that spans the three tables of hub objects: what a parent application owns. Every reconcile of every
 * application asks it (almost always to hear "nothing"), so it is one round trip rather than one per table.
 */
@Injectable()
export class AdoptionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Applications being deleted included: they are still the parent's until gone. */
  async ownedBy(parent: string): Promise<AdoptedRow[]> {
    return this.dataSource.query(
      `SELECT 'AppProject' AS kind, name, manifest FROM projects WHERE parent_application = $1
       UNION ALL SELECT 'ApplicationSet', name, manifest FROM application_sets WHERE parent_application = $1
       UNION ALL SELECT 'Application', name, manifest FROM applications WHERE origin = 'Application' AND parent_application = $1
       ORDER BY kind, name`,
      [parent],
    );
  }
}
