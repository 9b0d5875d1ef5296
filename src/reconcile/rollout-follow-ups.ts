import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { FleetEvents } from '../events/fleet-events';
import { ShardOwnershipService } from '../sharding/shard-ownership.service';
import { ReconcileTriggers } from './reconcile.triggers';

/**
 * Keeps a fleet rollout moving between polls, on the replica holding the applications' clusters: the applications
 * whose targets the driver just made Pending (or put back for a rollback) are reconciled at once. Those it then waits
 * on are looked at again while their workloads settle (`SettlingFollowUps`). The poll (`RolloutTargetsPoller`) stays
 * the safety net: events from other replicas never reach this one.
 */
@Injectable()
export class RolloutFollowUps implements OnApplicationBootstrap, OnApplicationShutdown {
  private subscription?: Subscription;

  constructor(
    private readonly events: FleetEvents,
    private readonly ownership: ShardOwnershipService,
    private readonly triggers: ReconcileTriggers,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = this.events.subscribe((change) => {
      if (change.kind === 'rollout-targets') this.triggers.enqueue(change.applications.filter((app) => this.ownership.leaseFor(app.cluster)).map((app) => app.name));
    });
  }

  onApplicationShutdown(): void {
    this.subscription?.unsubscribe();
  }
}
