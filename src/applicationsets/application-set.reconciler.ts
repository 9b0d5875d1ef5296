import { effectiveProject } from '../domain/app-project';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { NEW_APPLICATION_STATUS } from '../domain/application';
import { ApplicationRepository } from '../repositories/application.repository';
import { Clock } from '../clock/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { ApplicationSetEntity } from '../database/entities/application-set.entity';
import { type ApplicationSetStatus, stampConditions, type StatusCondition } from './application-set-status';
import { ApplicationSetRepository } from '../repositories/application-set.repository';
import { diffFields } from '../common/field-diff';
import type { Application } from '../domain/application';
import type { Condition } from '../domain/application-set';
import { FleetEvents } from '../events/fleet-events';
import { destinationResolver, ExpansionContextService } from './expansion-context.service';
import { type ExistingState, type ExpansionPlan, planExpansion } from './expansion-planner';
import type { ExpansionContext, GitTreeSource } from './engine';
import { type CheckedExpansion, reusableFor } from './checked-expansion';
import { MetricsService } from '../metrics/metrics.service';
import { type ExpansionRecorder, secondsSince } from '../metrics/recorders';

export interface ReconcileOptions {
  /** Deletes everything the plan wants deleted now, ignoring the budget (approve-deletions). */
  approveDeletions?: boolean;
  /** The pass's Git source, shared by the sets of one pass (one ref look-up per repository); else a new one. */
  git?: GitTreeSource;
  /** The registry and projects as read once for a pass over many sets; else read for this set. */
  context?: ExpansionContext;
  /**
   * The manifest as create, replace or adopt expanded it before storing it, with the registry and projects it read:
   * written as it is when the stored manifest reads back identical (see reusableFor), else expanded again.
   */
  checked?: CheckedExpansion;
}

export interface ReconcileOutcome {
  status: ApplicationSetStatus;
  writes: number;
}

/**
 * Keeps one ApplicationSet's applications equal to its expansion. Each pass reads the desired state (manifest,
 * clusters, projects) and what exists, plans, and writes only the difference — an unchanged pass writes nothing.
 */
@Injectable()
export class ApplicationSetReconciler {
  private readonly logger = new Logger('ApplicationSets');
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(
    private readonly sets: ApplicationSetRepository,
    private readonly applications: ApplicationRepository,
    private readonly contexts: ExpansionContextService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly events: FleetEvents,
    @Inject(MetricsService) private readonly metrics: ExpansionRecorder,
  ) {}

  /** Passes over one set run one after another in this process, so two never interleave their writes. */
  reconcile(name: string, options: ReconcileOptions = {}): Promise<ReconcileOutcome | undefined> {
    const previous = this.inFlight.get(name) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.reconcileNow(name, options));
    this.inFlight.set(name, next);
    void next.finally(() => {
      if (this.inFlight.get(name) === next) this.inFlight.delete(name);
    }).catch(() => undefined);
    return next;
  }

  /** A dry run of `manifest` against the current registry and the applications of the set of that name. */
  async preview(name: string, manifest: unknown): Promise<ExpansionPlan> {
    const context = await this.contexts.load();
    const current = await this.sets.findByName(name);
    return planExpansion({
      setName: name,
      manifest,
      context,
      existing: await this.existingState(name),
      deletionBudgetPercent: this.config.applicationSets.deletionBudgetPercent,
      heldBack: current ? heldBackBy(current) : [],
    });
  }

  private async existingState(name: string): Promise<ExistingState> {
    return {
      rows: await this.applications.listOwnership(name),
      manifestsOf: (names) => this.applications.manifestsOf(names),
      ownersOf: (names) => this.applications.ownersOf(names),
    };
  }

  private async reconcileNow(name: string, options: ReconcileOptions): Promise<ReconcileOutcome | undefined> {
    const set = await this.sets.findByName(name);
    if (!set) return undefined;
    let context;
    try {
      context = options.checked?.context ?? options.context ?? (await this.contexts.load(options.git));
    } catch (error) {
      // The registry could not be read: change nothing, say why (never treat it as "no clusters").
      this.logger.warn({ err: error, applicationSet: name }, 'Cluster registry unavailable; expansion skipped');
      return this.writeStatus(set, this.failedStatus(set, 'ClusterListUnavailable', 'The cluster registry could not be read; nothing was changed'));
    }
    const checked = reusableFor(set.manifest, options.checked);
    const expanding = process.hrtime.bigint();
    const planned = await planExpansion({
      setName: name,
      manifest: set.manifest,
      context,
      expansion: checked?.result,
      existing: await this.existingState(name),
      deletionBudgetPercent: options.approveDeletions ? 100 : this.config.applicationSets.deletionBudgetPercent,
      heldBack: options.approveDeletions ? [] : heldBackBy(set),
    });
    this.metrics.expanded(planned.ok ? 'success' : 'failure', (checked?.seconds ?? 0) + secondsSince(expanding));
    if (!planned.ok) return this.writeStatus(set, this.failedStatus(set, planned.code, planned.message));
    const resolveCluster = destinationResolver(context);
    const { plan, adopted, serialised } = planned;
    const rowFields = (app: Application) => ({
      name: app.metadata.name,
      cluster: resolveCluster(app.spec.destination),
      project: effectiveProject(app.spec.project),
      labels: app.metadata.labels ?? {},
      ...serialised(app),
    });
    if (options.approveDeletions) {
      plan.delete.push(...plan.pendingDeletion);
      plan.pendingDeletion = [];
    }
    const status = this.successStatus(set, planned.conditions, {
      desired: planned.desired.length,
      rejected: planned.rejected,
      pendingDeletion: plan.pendingDeletion.map((d) => ({ name: d.name, cascade: d.cascade })),
      skipped: plan.skipped,
    });
    const adoptedUnchanged = plan.unchanged.filter((app) => adopted.has(app.metadata.name));
    const rowWrites = plan.create.length + plan.update.length + plan.delete.length + adoptedUnchanged.length;
    const statusChanged = diffFields(set.status, status, '').length > 0;
    if (rowWrites === 0 && !statusChanged) return { status: set.status, writes: 0 };
    let marked: { name: string; cluster: string }[] = [];
    await this.sets.transaction(async (manager) => {
      // 1. New applications, in bulk. Each row is made as the database takes it: hashing the next rows' fingerprints
      //    overlaps PostgreSQL's work on those before them (see insertMany).
      await this.applications.insertMany(manager, name, NEW_APPLICATION_STATUS, mappedOnDemand(plan.create, rowFields));
      // 2. Changed ones, and orphans adopted back by this set, in bulk.
      await this.applications.updateMany(manager, name, plan.update.map((update) => rowFields(update.application)));
      await this.applications.adoptAll(manager, name, adoptedUnchanged.map((app) => app.metadata.name));
      // 3. Deletions within the budget: with the resources finalizer the row is only marked, and the shard owner
      //    deletes its cluster objects before the row (Argo CD's cascading deletion); without, it goes now.
      await this.applications.deleteByNames(manager, plan.delete.filter((d) => !d.cascade).map((d) => d.name));
      marked = await this.applications.markForDeletion(manager, plan.delete.filter((d) => d.cascade).map((d) => d.name), this.clock.now());
      if (statusChanged) await this.sets.updateStatus(set.id, status, manager);
    });
    // 4. Once committed: new and changed applications are reconciled now rather than at the next pass, and those
    //    marked for deletion are deleted now.
    for (const app of [...plan.create, ...plan.update.map((update) => update.application)]) {
      this.events.emit({ kind: 'application', name: app.metadata.name, cluster: resolveCluster(app.spec.destination) });
    }
    for (const app of marked) this.events.emit({ kind: 'application', name: app.name, cluster: app.cluster });
    if (rowWrites > 0) {
      this.logger.log(
        `ApplicationSet ${name}: ${plan.create.length} created, ${plan.update.length} updated, ${plan.delete.length - marked.length} deleted, ${marked.length} being deleted with their resources, ${plan.pendingDeletion.length} awaiting approval`,
      );
    }
    return { status, writes: rowWrites + (statusChanged ? 1 : 0) };
  }

  private successStatus(set: ApplicationSetEntity, conditions: Condition[], parts: Omit<ApplicationSetStatus, 'observedGeneration' | 'conditions'>): ApplicationSetStatus {
    const all: Omit<StatusCondition, 'lastTransitionTime'>[] = [...conditions];
    if (parts.pendingDeletion.length > 0) {
      all.push({
        type: 'DeletionPending',
        status: 'True',
        reason: 'DeletionBudgetExceeded',
        message: `${parts.pendingDeletion.length} application(s) exceed the deletion budget and wait for POST /api/v1/applicationsets/${set.name}/approve-deletions`,
      });
    }
    return { observedGeneration: set.generation, conditions: stampConditions(all, set.status.conditions, this.clock.now().toISOString()), ...parts };
  }

  /** A failed expansion keeps the last known counts and lists; only the conditions say what went wrong. */
  private failedStatus(set: ApplicationSetEntity, reason: string, message: string): ApplicationSetStatus {
    const conditions: Condition[] = [
      { type: 'ErrorOccurred', status: 'True', reason, message },
      { type: 'ParametersGenerated', status: 'False', reason, message: 'Nothing was created, updated or deleted' },
    ];
    return { ...set.status, observedGeneration: set.generation, conditions: stampConditions(conditions, set.status.conditions, this.clock.now().toISOString()) };
  }

  private async writeStatus(set: ApplicationSetEntity, status: ApplicationSetStatus): Promise<ReconcileOutcome> {
    if (diffFields(set.status, status, '').length === 0) return { status, writes: 0 };
    await this.sets.updateStatus(set.id, status);
    return { status, writes: 1 };
  }
}

/** What the set's last expansion held back for approval: later expansions keep holding it (and delete nothing). */
function heldBackBy(set: ApplicationSetEntity): string[] {
  return (set.status.pendingDeletion ?? []).map((pending) => pending.name);
}

/** `items` mapped one at a time, as they are consumed. */
function* mappedOnDemand<T, R>(items: readonly T[], map: (item: T) => R): Generator<R> {
  for (const item of items) yield map(item);
}
