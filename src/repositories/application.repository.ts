import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, In, IsNull, Not, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { Application, ApplicationOrigin } from '../domain/application';
import type { SelectorRequirement } from '../common/label-selector';
import { whereLabelsMatch } from '../database/label-selector-sql';
import { ApplicationEntity } from '../database/entities/application.entity';
import { ClusterEntity } from '../database/entities/cluster.entity';
import type { ApplicationStatusRecord } from '../domain/application';
import { type StateChange, StateChangeObservers } from './state-changes';
import { chunks } from '../common/chunks';
import { lockOrderedRounds } from './lock-order';
import type { FencingLease } from './shard-lease.repository';
import { BatchedWrites } from '../common/batched-writes';
import { isDatabaseUnavailable } from '../database/database-unavailable';
import { CopyIn, copyTextLine } from '../database/copy-in';

/** An application's row as a reconcile reads it, with what it needs from other tables (`findForReconcile`). */
export interface ReconcileRead {
  row: ApplicationEntity;
  /** The destination's registered cluster; null when none has the name. */
  destination: ClusterEntity | null;
  /** It owns a hub project, set or application (an app of apps), being deleted or not. */
  ownsHubObjects: boolean;
}

/** Where the query builder maps the joined cluster row, before findForReconcile takes it off the entity. */
const DESTINATION = 'destinationRow';

export interface ApplicationOwnership {
  name: string;
  applicationSet: string | null;
  orphanedFrom: string | null;
  fingerprint: string;
}

export interface NameHolder {
  applicationSet: string | null;
  orphanedFrom: string | null;
  origin: ApplicationOrigin;
  /** Origin `Application`: the app of apps that owns it. */
  parentApplication: string | null;
  /** Marked for deletion: its objects are being deleted, then the row goes. */
  beingDeleted: boolean;
}

export interface ApplicationFilter {
  applicationSet?: string;
  origin?: ApplicationOrigin;
  cluster?: string;
  project?: string;
  selector: SelectorRequirement[];
}

export type NewApplication = Pick<ApplicationEntity, 'name' | 'applicationSet' | 'cluster' | 'project' | 'labels' | 'manifest' | 'status' | 'fingerprint'>;
export type ApplicationChange = Pick<ApplicationEntity, 'cluster' | 'project' | 'labels' | 'manifest' | 'fingerprint'>;
/** An application as a set's expansion writes it, its manifest serialised already (once: see ExpansionPlan.serialised). */
export type GeneratedApplication = Omit<ApplicationChange, 'manifest'> & { name: string; manifestJson: string };

// JSON per bulk INSERT or UPDATE statement, in characters. PostgreSQL parses a statement's parameter as one jsonb
// document, and its parser slows down sharply past a few hundred kilobytes: 10,000 new applications took about 1.0 s in
// 2,000-row statements (1.4 MB each), 0.9 s in statements of 512 kB, 0.6 s in statements of 64 to 384 kB. 128 kB keeps
// well below that knee, which depends on the machine. A size rather than a row count, so large manifests stay under it too.
const JSON_CHARACTERS_PER_STATEMENT = 128 * 1024;
// Names per array parameter of one statement.
const NAMES_PER_STATEMENT = 5000;
// Statuses per batched write: a status is 1 to 3 kB of JSON, so a full batch stays under the 128 kB above.
const STATUSES_PER_STATEMENT = 50;

/** A status as `updateStatusFenced` batches it: serialised once, when given. */
interface StatusWrite {
  name: string;
  status: ApplicationStatusRecord;
  json: string;
  lease: FencingLease;
  /** Whether an observer may record it: its batch is then written in a transaction with what they record. */
  observed: boolean;
}

interface WrittenStatusRow {
  name: string;
  application_set: string | null;
  project: string;
  cluster: string;
  repo_url: string | null;
}

@Injectable()
export class ApplicationRepository {
  constructor(
    @InjectRepository(ApplicationEntity) private readonly applications: Repository<ApplicationEntity>,
    private readonly observers: StateChangeObservers,
    private readonly copyIn: CopyIn,
  ) {}

  // The statuses a pass writes arrive together, one per application: they go a batch per statement.
  private readonly statusWrites = new BatchedWrites<StatusWrite, boolean>((writes) => this.writeStatuses(writes), {
    maxBatch: STATUSES_PER_STATEMENT,
    retryAlone: (error) => !isDatabaseUnavailable(error),
  });

  findByName(name: string): Promise<ApplicationEntity | null> {
    return this.applications.findOneBy({ name });
  }

  /** The set's own applications (not the orphans it could adopt, nor those being deleted), by name. */
  listOfSet(setName: string, manager: EntityManager = this.applications.manager): Promise<ApplicationEntity[]> {
    return manager.find(ApplicationEntity, { where: { applicationSet: setName, deletionRequestedAt: IsNull() }, order: { name: 'ASC' } });
  }

  async findByNames(names: string[]): Promise<ApplicationEntity[]> {
    const rows: ApplicationEntity[] = [];
    for (const part of chunks(names, NAMES_PER_STATEMENT)) rows.push(...(await this.applications.find({ where: { name: In(part) } })));
    return rows;
  }

  /**
   * `findByNames` for reconciles, with what each reconcile would otherwise look up in statements of its own, read in
   * the same statement (so as of the same moment, after the reconcile began):
   * - the config generation (ConfigGenerationRepository): a reconcile that reads its row after it began has then also
   *   looked at the counter after it began, as ReconcileConfig asks; none when the counter's row is missing;
   * - the destination's cluster row, null when no registered cluster has the name (the in-cluster destination);
   * - whether the application owns any hub object (AdoptionRepository.ownedBy's three tables, objects being deleted
   *   included): nearly every application owns none, and only its own sync can give it one.
   */
  async findForReconcile(names: string[]): Promise<{ rows: ReconcileRead[]; configGeneration?: string }> {
    const rows: ReconcileRead[] = [];
    let configGeneration: string | undefined;
    for (const part of chunks(names, NAMES_PER_STATEMENT)) {
      const { entities, raw } = await this.applications
        .createQueryBuilder('a')
        .leftJoinAndMapOne(`a.${DESTINATION}`, ClusterEntity, 'c', 'c.name = a.cluster')
        .addSelect('(SELECT generation::text FROM config_generation)', 'config_generation')
        .addSelect(
          `EXISTS (SELECT 1 FROM projects WHERE parent_application = a.name)
           OR EXISTS (SELECT 1 FROM application_sets WHERE parent_application = a.name)
           OR EXISTS (SELECT 1 FROM applications WHERE origin = 'Application' AND parent_application = a.name)`,
          'owns_hub_objects',
        )
        .where('a.name IN (:...names)', { names: part })
        .getRawAndEntities<{ a_id: string; config_generation: string | null; owns_hub_objects: boolean }>();
      const owners = new Set(raw.filter((row) => row.owns_hub_objects).map((row) => row.a_id));
      for (const entity of entities) {
        const joined = entity as ApplicationEntity & { [DESTINATION]?: ClusterEntity | null };
        const destination = joined[DESTINATION] ?? null;
        // Mapped onto the entity by the query builder; the row stays an ApplicationEntity and nothing more.
        delete joined[DESTINATION];
        rows.push({ row: entity, destination, ownsHubObjects: owners.has(entity.id) });
      }
      configGeneration ??= raw[0]?.config_generation ?? undefined;
    }
    return { rows, configGeneration };
  }

  /**
   * The set's own applications plus orphans it may adopt back: names, owners and fingerprints only. Those marked for
   * deletion are no longer the set's to update, count or delete again (a name generated again is refused meanwhile).
   */
  async listOwnership(setName: string): Promise<ApplicationOwnership[]> {
    const rows: { name: string; application_set: string | null; orphaned_from: string | null; fingerprint: string }[] = await this.applications.query(
      `SELECT name, application_set, orphaned_from, fingerprint FROM applications
       WHERE (application_set = $1 OR (application_set IS NULL AND orphaned_from = $1)) AND deletion_requested_at IS NULL ORDER BY name`,
      [setName],
    );
    return rows.map((row) => ({ name: row.name, applicationSet: row.application_set, orphanedFrom: row.orphaned_from, fingerprint: row.fingerprint }));
  }

  /** Manifests of the named applications (only those an expansion has to compare field by field). */
  async manifestsOf(names: string[]): Promise<Application[]> {
    const manifests: Application[] = [];
    for (const part of chunks(names, NAMES_PER_STATEMENT)) {
      const rows: { manifest: Application }[] = await this.applications.query('SELECT manifest FROM applications WHERE name = ANY($1)', [part]);
      manifests.push(...rows.map((row) => row.manifest));
    }
    return manifests;
  }

  /** Who holds each of these names now (another set, an orphan, or a user: origin `manual`). */
  async ownersOf(names: string[]): Promise<Map<string, NameHolder>> {
    const owners = new Map<string, NameHolder>();
    // One array parameter per chunk rather than one bound parameter per name (10,000 names for a new set).
    for (const part of chunks(names, NAMES_PER_STATEMENT)) {
      const rows: { name: string; application_set: string | null; orphaned_from: string | null; origin: ApplicationOrigin; parent_application: string | null; being_deleted: boolean }[] =
        await this.applications.query(
          `SELECT name, application_set, orphaned_from, origin, parent_application, deletion_requested_at IS NOT NULL AS being_deleted
           FROM applications WHERE name = ANY($1)`,
          [part],
        );
      for (const row of rows) {
        owners.set(row.name, { applicationSet: row.application_set, orphanedFrom: row.orphaned_from, origin: row.origin, parentApplication: row.parent_application, beingDeleted: row.being_deleted });
      }
    }
    return owners;
  }

  async list(filter: ApplicationFilter, limit: number, after?: string): Promise<ApplicationEntity[]> {
    const query = this.applications.createQueryBuilder('c').orderBy('c.name', 'ASC').take(limit + 1);
    if (after !== undefined) query.andWhere('c.name > :after', { after });
    if (filter.applicationSet !== undefined) query.andWhere('c.application_set = :set', { set: filter.applicationSet });
    if (filter.origin !== undefined) query.andWhere('c.origin = :origin', { origin: filter.origin });
    if (filter.cluster !== undefined) query.andWhere('c.cluster = :cluster', { cluster: filter.cluster });
    if (filter.project !== undefined) query.andWhere('c.project = :project', { project: filter.project });
    whereLabelsMatch(query, 'c.labels', filter.selector);
    return query.getMany();
  }

  /**
   * Bulk insert of `setName`'s new applications, all with `status`, each row made as the database takes it. COPY where
   * the database speaks it (see CopyIn); on PGlite, a statement per JSON array of rows, expanded by PostgreSQL itself
   * (jsonb_to_recordset), far cheaper than thousands of bound parameters, with the set and the status a parameter each.
   */
  async insertMany(manager: EntityManager, setName: string, status: ApplicationStatusRecord, rows: Iterable<GeneratedApplication>): Promise<void> {
    const statusJson = JSON.stringify(status);
    if (this.copyIn.available) {
      await this.copyIn.rows(manager, `COPY applications (name, application_set, cluster, project, labels, manifest, status, fingerprint, origin) FROM STDIN`, copiedLines(rows, setName, statusJson));
      return;
    }
    await oneAfterAnother(jsonArrays(rows, generatedRecord, JSON_CHARACTERS_PER_STATEMENT), (json) =>
      manager.query(
        `INSERT INTO applications (name, application_set, cluster, project, labels, manifest, status, fingerprint, origin)
         SELECT name, $2, cluster, project, labels, manifest, $3::jsonb, fingerprint, 'ApplicationSet'
         FROM jsonb_to_recordset($1::jsonb) AS x(name text, cluster text, project text, labels jsonb, manifest jsonb, fingerprint text)`,
        [json, setName, statusJson],
      ),
    );
  }

  /**
   * Rewrites generated applications as `setName`'s (an orphan among them is adopted back), a statement per JSON array
   * of rows as insertMany does; the status (sync and health) stays.
   */
  async updateMany(manager: EntityManager, setName: string, rows: GeneratedApplication[]): Promise<void> {
    await oneAfterAnother(jsonArrays(rows, generatedRecord, JSON_CHARACTERS_PER_STATEMENT), (json) =>
      manager.query(
        `UPDATE applications AS a
         SET application_set = $2, orphaned_from = NULL, cluster = x.cluster, project = x.project, labels = x.labels, manifest = x.manifest,
             fingerprint = x.fingerprint, updated_at = now()
         FROM jsonb_to_recordset($1::jsonb) AS x(name text, cluster text, project text, labels jsonb, manifest jsonb, fingerprint text)
         WHERE a.name = x.name`,
        [json, setName],
      ),
    );
  }

  /** Orphans generated again by the set they came from become its own again, as they are. */
  async adoptAll(manager: EntityManager, setName: string, names: string[]): Promise<void> {
    for (const part of chunks(names, NAMES_PER_STATEMENT)) {
      await manager.query(`UPDATE applications SET application_set = $2, orphaned_from = NULL, updated_at = now() WHERE name = ANY($1)`, [part, setName]);
    }
  }

  /** One application created through the API; a name already taken fails on the unique index. */
  async insertManual(row: Omit<NewApplication, 'applicationSet'>): Promise<void> {
    await this.applications.insert({ ...row, applicationSet: null, orphanedFrom: null, origin: 'manual' } as QueryDeepPartialEntity<ApplicationEntity>);
  }

  /** An application adopted from an app of apps' manifests; a name already taken fails on the unique index. */
  async insertAdopted(row: Omit<NewApplication, 'applicationSet'>, parent: string): Promise<void> {
    await this.applications.insert({ ...row, applicationSet: null, orphanedFrom: null, origin: 'Application', parentApplication: parent } as QueryDeepPartialEntity<ApplicationEntity>);
  }

  /** Replaces an adopted application's manifest, only while `parent` owns it and it is not being deleted. */
  async replaceAdopted(name: string, parent: string, change: ApplicationChange): Promise<boolean> {
    const result = await this.applications.update({ name, origin: 'Application', parentApplication: parent, deletionRequestedAt: IsNull() }, change as QueryDeepPartialEntity<ApplicationEntity>);
    return (result.affected ?? 0) > 0;
  }


  /** Deletes an adopted application now (false when `parent` no longer owns one of that name). */
  async deleteAdopted(name: string, parent: string): Promise<boolean> {
    const result = await this.applications.delete({ name, origin: 'Application', parentApplication: parent });
    return (result.affected ?? 0) > 0;
  }

  /** Runs `work` in one transaction (several rows changed together). */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.applications.manager.transaction(work);
  }

  /**
   * Replaces the manifest of an application no set owns (false when a set owns it by now). An orphan becomes
   * `manual` too: the user's edit is now its desired state, which a set re-generating the name must not overwrite
   * by adopting it back.
   */
  async replaceUnowned(name: string, change: ApplicationChange): Promise<boolean> {
    const result = await this.applications.update({ name, applicationSet: IsNull() }, { ...change, orphanedFrom: null, parentApplication: null, origin: 'manual' } as QueryDeepPartialEntity<ApplicationEntity>);
    return (result.affected ?? 0) > 0;
  }

  /** Deletes an application no set owns (false when there is none of that name, or a set owns it by now). */
  async deleteUnowned(name: string): Promise<boolean> {
    const result = await this.applications.delete({ name, applicationSet: IsNull() });
    return (result.affected ?? 0) > 0;
  }

  async deleteByNames(manager: EntityManager, names: string[]): Promise<void> {
    for (const part of chunks(names, NAMES_PER_STATEMENT)) {
      await manager.delete(ApplicationEntity, { name: In(part) });
    }
  }

  /**
   * Marks applications for deletion (their objects go first; see the reconcile worker); a mark already set keeps its
   * time. Answers the destination cluster of each, so their shard owners can be told.
   */
  async markForDeletion(manager: EntityManager, names: string[], at: Date): Promise<{ name: string; cluster: string }[]> {
    const marked: { name: string; cluster: string }[] = [];
    for (const part of chunks(names, NAMES_PER_STATEMENT)) {
      const rows: { name: string; cluster: string }[] = await manager.query(
        // As a CTE: a bare UPDATE ... RETURNING comes back from TypeORM as [rows, count].
        `WITH marked AS (
           UPDATE applications SET deletion_requested_at = COALESCE(deletion_requested_at, $2) WHERE name = ANY($1) RETURNING name, cluster)
         SELECT name, cluster FROM marked`,
        [part, at.toISOString()],
      );
      marked.push(...rows);
    }
    return marked;
  }

  /** Deletes an application marked for deletion, once its objects are gone (false when it is no longer there). */
  async deleteMarked(name: string): Promise<boolean> {
    const result = await this.applications.delete({ name, deletionRequestedAt: Not(IsNull()) });
    return (result.affected ?? 0) > 0;
  }

  /** The applications of the given destination clusters (those of the shards a replica holds). */
  async listForClusters(clusters: string[]): Promise<ApplicationEntity[]> {
    if (clusters.length === 0) return [];
    return this.applications.find({ where: { cluster: In(clusters) }, order: { cluster: 'ASC', name: 'ASC' } });
  }

  /** Every destination cluster name that has applications (registered clusters and in-cluster alike). */
  async listDestinationClusters(): Promise<string[]> {
    const rows: { cluster: string }[] = await this.applications.query('SELECT DISTINCT cluster FROM applications');
    return rows.map((row) => row.cluster);
  }

  /**
   * Writes an application's status only while the shard lease it was computed under is still current: a replica
   * that lost its shard (a long pause, a partition) can never overwrite its successor's view. What observers record of
   * the change (the notifications outbox) commits with it, or neither does. The statuses a pass writes together go a
   * batch per statement (`writeStatuses`).
   */
  updateStatusFenced(name: string, status: ApplicationStatusRecord, lease: FencingLease): Promise<boolean> {
    return this.statusWrites.write({ name, status, json: JSON.stringify(status), lease, observed: this.observers.mayRecordStatus(status) });
  }

  /**
   * Statuses written in one statement, each under its own lease; answers, in their order, whether each was written.
   * When an observer may record one of them (Healthy, Degraded), the statement and what observers record of the
   * written ones share a transaction; otherwise the statement stands alone. In the order of their names, whoever
   * writes them, so two batches lock their rows alike; a name given twice is written in order, its later status in a
   * statement of its own.
   */
  private async writeStatuses(writes: StatusWrite[]): Promise<boolean[]> {
    const written = new Set<StatusWrite>();
    for (const round of lockOrderedRounds(writes, (write) => write.name)) {
      const write = async (manager: EntityManager): Promise<void> => {
        const rows = await this.updateStatuses(manager, round);
        const facts = new Map(rows.map((row) => [row.name, row]));
        const observed: StateChange[] = [];
        for (const status of round) {
          const row = facts.get(status.name);
          if (!row) continue;
          written.add(status);
          if (status.observed) {
            const application = { name: row.name, applicationSet: row.application_set, project: row.project, cluster: row.cluster, repoURL: row.repo_url };
            observed.push({ kind: 'application-status', application, status: status.status });
          }
        }
        if (observed.length > 0) await this.observers.observeAll(manager, observed);
      };
      if (round.some((status) => status.observed)) await this.applications.manager.transaction(write);
      else await write(this.applications.manager);
    }
    return writes.map((write) => written.has(write));
  }

  /** The fenced statement of `writeStatuses`: the written rows, with what observers need to know of them. */
  private updateStatuses(manager: EntityManager, writes: readonly StatusWrite[]): Promise<WrittenStatusRow[]> {
    return manager.query(
      `WITH given AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS g(name text, status jsonb, shard integer, epoch bigint, holder text)),
       written AS (
         UPDATE applications AS a SET status = given.status
           FROM given
          WHERE a.name = given.name AND EXISTS (
            SELECT 1 FROM shard_leases l WHERE l.shard = given.shard AND l.epoch = given.epoch AND l.holder = given.holder AND l.expires_at > now())
         RETURNING a.name, a.application_set, a.project, a.cluster, a.manifest->'spec'->'source'->>'repoURL' AS repo_url)
       SELECT * FROM written`,
      // The statuses are JSON already: spliced in as they are, not parsed and serialised again.
      [`[${writes.map((write) => `{"name":${JSON.stringify(write.name)},"status":${write.json},"shard":${write.lease.shard},"epoch":${JSON.stringify(write.lease.epoch)},"holder":${JSON.stringify(write.lease.holder)}}`).join(',')}]`],
    );
  }

  /** Deleting a set without cascade: its applications stay, remembered as orphans of that set. */
  async orphanAllOf(manager: EntityManager, setName: string): Promise<number> {
    // One being deleted stays on its way out: an orphan could be edited back to life by hand.
    const result = await manager.update(ApplicationEntity, { applicationSet: setName, deletionRequestedAt: IsNull() }, { applicationSet: null, orphanedFrom: setName });
    return result.affected ?? 0;
  }
}

/**
 * The columns of a generated application that insertMany and updateMany send, as their statements name them, as one
 * JSON object: the manifest's JSON is spliced in as it is.
 */
function generatedRecord(row: GeneratedApplication): string {
  const text = JSON.stringify;
  return `{"name":${text(row.name)},"cluster":${text(row.cluster)},"project":${text(row.project)},"labels":${text(row.labels)},"fingerprint":${text(row.fingerprint)},"manifest":${row.manifestJson}}`;
}

/** insertMany's rows as COPY lines, in its statement's column order. */
function* copiedLines(rows: Iterable<GeneratedApplication>, setName: string, statusJson: string): Generator<string> {
  for (const row of rows) {
    yield copyTextLine([row.name, setName, row.cluster, row.project, JSON.stringify(row.labels), row.manifestJson, statusJson, row.fingerprint, 'ApplicationSet']);
  }
}

/**
 * `rows` as JSON arrays of their records, of about `characters` each at most (a record longer than that goes alone),
 * serialised one array at a time as the caller consumes them.
 */
function* jsonArrays<T>(rows: Iterable<T>, record: (row: T) => string, characters: number): Generator<string> {
  let members: string[] = [];
  let length = 0;
  for (const row of rows) {
    const json = record(row);
    if (members.length > 0 && length + json.length > characters) {
      yield `[${members.join(',')}]`;
      members = [];
      length = 0;
    }
    members.push(json);
    length += json.length + 1;
  }
  if (members.length > 0) yield `[${members.join(',')}]`;
}

/**
 * Runs `statement` for each JSON array, in order (they share the caller's transaction and connection), with the next
 * statement always queued behind the running one: the driver sends it the moment the running one finishes, and the
 * array after it is made meanwhile, so PostgreSQL does not wait for this process between statements (some 50 ms of
 * the 600 ms that 10,000 new applications take).
 */
async function oneAfterAnother(arrays: Iterable<string>, statement: (json: string) => Promise<unknown>): Promise<void> {
  const sent: Promise<unknown>[] = [];
  for (const json of arrays) {
    const next = statement(json);
    // Awaited below, in order; a failure is not to be reported as unhandled before its turn (the first failure is
    // the one thrown; those after it only say that the transaction was aborted).
    next.catch(() => undefined);
    sent.push(next);
    if (sent.length > 1) await sent.shift();
  }
  for (const running of sent) await running;
}
