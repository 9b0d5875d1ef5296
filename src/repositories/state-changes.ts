import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ConnectionState } from '../database/entities/cluster.entity';
import type { ApplicationStatusRecord } from '../domain/application';
import type { RolloutAction } from '../domain/rollout';

/** The application a status write belongs to, as the row says at the moment of the write. */
export interface ApplicationFacts {
  name: string;
  applicationSet: string | null;
  project: string;
  cluster: string;
  repoURL: string | null;
}

/** A sync run as its finishing write left it. */
export interface FinishedSyncRun {
  id: string;
  application: string;
  applicationSet: string | null;
  project: string;
  cluster: string;
  repository: string;
  revision: string | null;
  trigger: string;
  phase: string;
  message: string | null;
  rollout: string | null;
  startedAt: Date;
  finishedAt: Date;
}

/**
 * A change of state that something else may have to record in the same transaction (the notifications outbox):
 * `observe` runs inside the writing transaction, so what it writes commits or rolls back with the change itself.
 */
export type StateChange =
  | { kind: 'sync-run-finished'; run: FinishedSyncRun }
  | { kind: 'application-status'; application: ApplicationFacts; status: ApplicationStatusRecord }
  | { kind: 'cluster-connectivity'; cluster: { name: string; server: string; labels: Record<string, string> }; from: ConnectionState; to: ConnectionState; message: string | null }
  | { kind: 'rollout-events'; rollout: string; events: { action: RolloutAction; at: Date; details: Record<string, unknown> }[] }
  | { kind: 'application-set-pending-deletions'; applicationSet: string; before: string[]; after: string[] };

/** The transaction a state change is written in; observers hand it to their own repositories. */
export type Transaction = EntityManager;

/**
 * A write an observer adds to the very statement that makes a change, as one of its CTEs: one round trip, atomic with
 * the change, and run only when the change happened, as its SQL reads the changed rows from the CTE it is given the
 * name of. `$1`… are its own parameters; they are renumbered when the statement is put together (`withCompanions`).
 */
export interface CompanionWrite {
  readonly sql: (changed: string) => string;
  readonly parameters: readonly unknown[];
}

/** A data-modifying statement with RETURNING, and what observers add to it. */
export interface ChangeWithCompanions {
  readonly change: { sql: string; parameters: readonly unknown[] };
  readonly companions: readonly CompanionWrite[];
}

export interface StateChangeObserver {
  /**
   * Whether `observe` may write anything for an application status write, asked before the write: when no observer
   * would, the write needs no transaction.
   */
  mayRecordStatus(status: ApplicationStatusRecord): boolean;
  observe(manager: EntityManager, change: StateChange): Promise<void>;
  /** `observe` for several changes written together, in fewer statements; absent: each is observed in turn. */
  observeMany?(manager: EntityManager, changes: readonly StateChange[]): Promise<void>;
  /**
   * What `observe` would write for the change, as companion writes of the change's own statement; undefined when this
   * observer must read or decide inside a transaction instead. Only offered for changes whose facts are known before
   * the statement runs (a sync run's end).
   */
  companionsOf?(change: StateChange): CompanionWrite[] | undefined;
}

/**
 * The data layer's one seam for work that must share a state change's transaction. Observers register at start-up
 * (the notifications module); the data layer never imports them, so the folders stay acyclic.
 */
@Injectable()
export class StateChangeObservers {
  private readonly observers: StateChangeObserver[] = [];

  register(observer: StateChangeObserver): void {
    this.observers.push(observer);
  }

  /** Whether anyone listens: a write with no observer skips the extra reads the change would need. */
  get active(): boolean {
    return this.observers.length > 0;
  }

  /** Whether any observer may record a status write (else the write can be one statement, outside a transaction). */
  mayRecordStatus(status: ApplicationStatusRecord): boolean {
    return this.observers.some((observer) => observer.mayRecordStatus(status));
  }

  async observe(manager: EntityManager, change: StateChange): Promise<void> {
    for (const observer of this.observers) await observer.observe(manager, change);
  }

  /** Every observer's record of changes written together in the transaction. */
  async observeAll(manager: EntityManager, changes: readonly StateChange[]): Promise<void> {
    for (const observer of this.observers) {
      if (observer.observeMany) await observer.observeMany(manager, changes);
      else for (const change of changes) await observer.observe(manager, change);
    }
  }

  /** Every observer's companion writes for the change; undefined when any of them needs a transaction. */
  companionsOf(change: StateChange): CompanionWrite[] | undefined {
    const companions: CompanionWrite[] = [];
    for (const observer of this.observers) {
      const written = observer.companionsOf?.(change);
      if (written === undefined) return undefined;
      companions.push(...written);
    }
    return companions;
  }
}

/**
 * Changes, each with its companions, as one statement: change i is the CTE `changed_i` and its companions follow it,
 * their parameters renumbered in turn; the result is `select` of every change, one after another (UNION ALL). Each
 * change is still written only as its own statement says, and its companions run only for the rows it changed.
 */
export function withCompanions(changes: readonly ChangeWithCompanions[], select: (changed: string) => string): { sql: string; parameters: unknown[] } {
  const statement = { ctes: [] as string[], parameters: [] as unknown[] };
  changes.forEach((change, i) => addChange(statement, `changed_${i}`, (j) => `companion_${i}_${j}`, change));
  return { sql: `WITH ${statement.ctes.join(',\n')}\n${changes.map((_, i) => select(`changed_${i}`)).join('\nUNION ALL ')}`, parameters: statement.parameters };
}

/** Appends the change as the CTE `name`, then its companions, each statement's `$n` renumbered past the parameters before it. */
function addChange(statement: { ctes: string[]; parameters: unknown[] }, name: string, companionName: (i: number) => string, { change, companions }: ChangeWithCompanions): void {
  statement.ctes.push(`${name} AS (${renumbered(change.sql, statement.parameters.length)})`);
  statement.parameters.push(...change.parameters);
  companions.forEach((companion, i) => {
    statement.ctes.push(`${companionName(i)} AS (${renumbered(companion.sql(name), statement.parameters.length)})`);
    statement.parameters.push(...companion.parameters);
  });
}

function renumbered(sql: string, offset: number): string {
  return offset === 0 ? sql : sql.replace(/\$(\d+)/g, (_, n: string) => `$${offset + Number(n)}`);
}
