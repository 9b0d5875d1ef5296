import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { Clock, type Timer } from '../clock/clock';
import { OutageMonitor } from '../common/errors/outages';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { FleetEvents } from '../events/fleet-events';
import { HubIdentity } from '../scheduling/hub-identity';
import { JobLeaseRepository } from '../repositories/job-lease.repository';
import { PeriodicJobs } from '../scheduling/periodic-jobs';
import { ApplicationSetRepository } from '../repositories/application-set.repository';
import { ApplicationSetsService } from './application-sets.service';
import { GENERATOR_POLL_TICK_MS, GeneratorPollSchedule } from './generator-poll-schedule';
import type { ClusterChange } from './cluster-change-scope';

const JOB_NAME = 'applicationset-resync';
const GENERATOR_POLL_JOB = 'applicationset-generator-poll';
// Coalesces a burst of registry changes (a script registering 50 clusters) into one pass.
const DEBOUNCE_MS = 100;

/**
 * Thin: re-expands promptly after a cluster change the sets it can concern (every set after a project change), one set once one of its applications is
 * gone, and periodically to catch the rest (new commits of the repositories Git generators read included: one
 * ls-remote per repository per pass); sets whose Git generators ask for a shorter `requeueAfterSeconds` are
 * re-expanded on their own schedule too, and push webhooks re-expand the sets reading the pushed repository
 * (`reexpand`).
 */
@Injectable()
export class ExpansionTriggers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ApplicationSets');
  private subscription?: Subscription;
  private timer?: Timer;
  private running: Promise<void> = Promise.resolve();
  /** Changes seen since the debounce timer was last set: the cluster changes, or "every set" after a project change. */
  private pending: ClusterChange[] | 'every set' = [];

  constructor(
    private readonly events: FleetEvents,
    private readonly sets: ApplicationSetsService,
    private readonly setRows: ApplicationSetRepository,
    private readonly jobs: PeriodicJobs,
    private readonly leases: JobLeaseRepository,
    private readonly identity: HubIdentity,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(OutageMonitor) private readonly outages: OutageMonitor,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = this.events.subscribe((change) => {
      if (change.kind === 'cluster') this.schedule({ before: change.before, after: change.after });
      // A project's rules can refuse or admit any set's applications.
      if (change.kind === 'project') this.schedule('every set');
      // One of its applications finished being deleted: a name it generates again is free now.
      if (change.kind === 'applicationset') this.expand(change.name);
    });
    const intervalMs = this.config.applicationSets.resyncSeconds * 1000;
    this.jobs.start({
      name: JOB_NAME,
      intervalMs,
      jitter: 0.1,
      run: async () => {
        if (await this.leases.tryAcquire(JOB_NAME, this.identity.id, Math.round(intervalMs * 0.8))) await this.sets.reconcileAll();
      },
    });
    const polls = new GeneratorPollSchedule(intervalMs);
    this.jobs.start({
      name: GENERATOR_POLL_JOB,
      intervalMs: GENERATOR_POLL_TICK_MS,
      jitter: 0.1,
      run: async () => {
        // Reading first: a hub whose sets ask for no polling writes nothing (not even the job's lease) on a tick.
        const sets = await this.setRows.listGenerators();
        if (!polls.anyPolled(sets)) return;
        if (!(await this.leases.tryAcquire(GENERATOR_POLL_JOB, this.identity.id, Math.round(GENERATOR_POLL_TICK_MS * 0.8)))) return;
        const due = polls.takeDue(sets, this.clock.now().getTime());
        if (due.length > 0) await this.sets.reconcileAll(due);
      },
    });
  }

  /** Re-expands these sets (one Git pass for all of them), after the expansions already queued. */
  reexpand(names: readonly string[]): void {
    this.running = this.running
      .then(() => this.sets.reconcileAll(names))
      .catch((error: unknown) => {
        if (!this.outages.recordIfOutage(error)) this.logger.error({ err: error }, 'Re-expansion after a push failed');
      });
  }

  onApplicationShutdown(): void {
    this.subscription?.unsubscribe();
    this.timer?.cancel();
  }

  /** Resolves once every change seen so far has been expanded (tests and the API can await it). */
  settled(): Promise<void> {
    return this.running;
  }

  private expand(name: string): void {
    this.running = this.running
      .then(() => this.sets.reexpand(name))
      .catch((error: unknown) => {
        if (!this.outages.recordIfOutage(error)) this.logger.error({ err: error, applicationSet: name }, 'Re-expansion after a deletion failed');
      });
  }

  private schedule(change: ClusterChange | 'every set'): void {
    if (change === 'every set') this.pending = 'every set';
    else if (this.pending !== 'every set') this.pending.push(change);
    this.timer?.cancel();
    this.timer = this.clock.schedule('applicationset-expansion', DEBOUNCE_MS, () => {
      const changes = this.pending;
      this.pending = [];
      this.running = this.running
        .then(async () => {
          if (changes === 'every set') return this.sets.reconcileAll();
          const concerned = await this.sets.setsConcernedBy(changes);
          this.logger.debug(`${changes.length} cluster change(s): re-expanding ${concerned.length} set(s)`);
          return this.sets.reconcileAll(concerned);
        })
        .catch((error: unknown) => {
          if (!this.outages.recordIfOutage(error)) this.logger.error({ err: error }, 'Re-expansion after a registry change failed');
        });
    });
  }
}
