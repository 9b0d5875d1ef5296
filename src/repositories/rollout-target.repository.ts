import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, In, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { RolloutTargetEntity } from '../database/entities/rollout-target.entity';
import type { RolloutState, TargetState } from '../domain/rollout';
import { chunks } from '../common/chunks';

export type NewRolloutTarget = Omit<RolloutTargetEntity, 'id'>;
export type RolloutTargetChange = Partial<Pick<RolloutTargetEntity, 'state' | 'syncRun' | 'eligibleAt' | 'healthySince' | 'message' | 'lastTransitionAt'>>;

/** An application's target in the latest rollout of its set, with that rollout's id and state. */
export interface LatestTarget {
  id: string;
  rollout: string;
  rolloutState: RolloutState;
  application: string;
  state: TargetState;
  revision: string;
  /** The generated Application's fingerprint the rollout froze. */
  fingerprint: string;
  previousRevision: string | null;
  syncRun: string | null;
}

@Injectable()
export class RolloutTargetRepository {
  constructor(@InjectRepository(RolloutTargetEntity) private readonly targets: Repository<RolloutTargetEntity>) {}

  async insertMany(manager: EntityManager, targets: NewRolloutTarget[]): Promise<void> {
    for (const part of chunks(targets, 1000)) await manager.insert(RolloutTargetEntity, part);
  }

  listOf(rollout: string, manager?: EntityManager): Promise<RolloutTargetEntity[]> {
    return (manager ?? this.targets.manager).find(RolloutTargetEntity, { where: { rollout }, order: { application: 'ASC' } });
  }

  listOfMany(rollouts: string[]): Promise<RolloutTargetEntity[]> {
    if (rollouts.length === 0) return Promise.resolve([]);
    return this.targets.find({ where: { rollout: In(rollouts) }, order: { rollout: 'ASC', application: 'ASC' } });
  }

  /** How many targets of each rollout are in each state. */
  async countsByState(rollouts: string[]): Promise<{ rollout: string; state: TargetState; count: number }[]> {
    if (rollouts.length === 0) return [];
    return this.targets.query('SELECT rollout, state, count(*)::int AS count FROM rollout_targets WHERE rollout = ANY($1) GROUP BY rollout, state', [rollouts]);
  }

  /** Applies `change` only while the target is still in `from`. */
  async transition(manager: EntityManager, id: string, from: TargetState, change: RolloutTargetChange): Promise<boolean> {
    const result = await manager.update(RolloutTargetEntity, { id, state: from }, change as QueryDeepPartialEntity<RolloutTargetEntity>);
    return (result.affected ?? 0) > 0;
  }

  /** A rollout stopped: its targets that never started go back to Waiting. */
  async unstartPending(manager: EntityManager, rollout: string, message: string, at: Date): Promise<void> {
    await manager.update(RolloutTargetEntity, { rollout, state: 'Pending' }, { state: 'Waiting', eligibleAt: null, message, lastTransitionAt: at });
  }

  /** A resumed rollout's Pending targets get their whole progress deadline again (they could not start while paused). */
  async restartPendingClocks(manager: EntityManager, rollout: string, at: Date): Promise<void> {
    await manager.update(RolloutTargetEntity, { rollout, state: 'Pending' }, { eligibleAt: at });
  }

  /**
   * The shard owner takes a Pending target before it syncs it: one statement, and only while the rollout is
   * Progressing, so a pause or abort committed first means the sync never starts.
   */
  async claim(id: string, at: Date): Promise<boolean> {
    const rows: unknown[] = await this.targets.query(
      `UPDATE rollout_targets t SET state = 'Progressing', sync_run = NULL, last_transition_at = $2
       WHERE t.id = $1 AND t.state = 'Pending'
         AND EXISTS (SELECT 1 FROM rollouts r WHERE r.id = t.rollout AND r.state = 'Progressing')
       RETURNING t.id`,
      [id, at],
    );
    return rows.length > 0;
  }

  async recordSyncRun(id: string, syncRun: string): Promise<void> {
    await this.targets.update({ id }, { syncRun });
  }

  /** Each named application's target in the latest rollout of its set (none for one no rollout froze). */
  async latestFor(applications: string[]): Promise<Map<string, LatestTarget>> {
    const latest = new Map<string, LatestTarget>();
    for (const part of chunks(applications, 5000)) {
      const rows: { id: string; rollout: string; rollout_state: RolloutState; application: string; state: TargetState; revision: string; fingerprint: string; previous_revision: string | null; sync_run: string | null }[] =
        await this.targets.query(
          `SELECT DISTINCT ON (t.application) t.id, t.rollout, r.state AS rollout_state, t.application, t.state, t.revision, t.fingerprint, t.previous_revision, t.sync_run
           FROM rollout_targets t JOIN rollouts r ON r.id = t.rollout
           WHERE t.application = ANY($1)
           ORDER BY t.application, r.sequence DESC`,
          [part],
        );
      for (const row of rows) {
        latest.set(row.application, {
          id: row.id,
          rollout: row.rollout,
          rolloutState: row.rollout_state,
          application: row.application,
          state: row.state,
          revision: row.revision,
          fingerprint: row.fingerprint,
          previousRevision: row.previous_revision,
          syncRun: row.sync_run,
        });
      }
    }
    return latest;
  }

  /**
   * Applications a rollout is waiting on now, with their clusters: a Pending target to sync, an in-flight or baking
   * one of a running step whose status the driver needs fresh, a rollback still to be made. Only moving rollouts
   * have any, so the answer stays small whatever the size of the fleet.
   */
  due(): Promise<{ application: string; cluster: string }[]> {
    return this.targets.query(
      `SELECT DISTINCT t.application, t.cluster
       FROM rollout_targets t
         JOIN rollouts r ON r.id = t.rollout
         LEFT JOIN rollout_steps s ON s.rollout = t.rollout AND s.index = t.step
       WHERE t.state IN ('Pending', 'Progressing', 'Healthy', 'RolledBack')
         AND ((t.state = 'Pending' AND r.state = 'Progressing')
           OR (t.state IN ('Progressing', 'Healthy') AND s.state = 'Progressing' AND r.state <> 'Superseded')
           OR (t.state = 'Progressing' AND r.state IN ('Aborted', 'Halted'))
           OR (t.state = 'RolledBack' AND t.sync_run IS NULL))
       ORDER BY t.application`,
    );
  }
}
