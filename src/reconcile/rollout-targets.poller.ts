import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { RolloutTargetRepository } from '../repositories/rollout-target.repository';
import { PeriodicJobs } from '../scheduling/periodic-jobs';
import { ShardOwnershipService } from '../sharding/shard-ownership.service';
import { ReconcileTriggers } from './reconcile.triggers';

/**
 * Every few seconds, each replica looks for the rollout targets of its own shards that a rollout waits on (a
 * Pending target to sync, an in-flight or baking one whose status the driver needs fresh, a rollback to make) and
 * queues their applications, so a step moves on without waiting for the next reconcile pass.
 */
@Injectable()
export class RolloutTargetsPoller implements OnApplicationBootstrap {
  constructor(
    private readonly targets: RolloutTargetRepository,
    private readonly ownership: ShardOwnershipService,
    private readonly triggers: ReconcileTriggers,
    private readonly jobs: PeriodicJobs,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.jobs.start({ name: 'rollout-targets', intervalMs: this.config.rollouts.intervalSeconds * 1000, jitter: 0.1, run: () => this.runPass().then(() => undefined) });
  }

  /** Queues what is due on this replica's clusters; returns the applications queued. */
  async runPass(): Promise<string[]> {
    if (this.ownership.heldShards().length === 0) return [];
    const due = (await this.targets.due()).filter((target) => this.ownership.leaseFor(target.cluster)).map((target) => target.application);
    this.triggers.enqueue(due);
    return due;
  }
}
