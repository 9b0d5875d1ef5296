import { Global, Injectable, Module } from '@nestjs/common';
import { Subject, type Subscription } from 'rxjs';

/**
 * Something in the desired state changed, or a fleet rollout has news; consumers re-read the state they need
 * (reconcile, don't react): an event only says when to look, never what to conclude.
 */
export type FleetChange =
  /** `applicationset`: one of the set's applications finished being deleted, so a name it generates may be free again. */
  | { kind: 'project' | 'applicationset'; name: string }
  /**
   * A cluster was registered (`before` null), changed, or removed (`after` null). Its facts on both sides let the
   * expansion controller re-expand only the sets they can concern (a selector matching either side).
   */
  | { kind: 'cluster'; name: string; before: ClusterFacts | null; after: ClusterFacts | null }
  /** An application was created or its spec changed (sent once the write has committed); `cluster` is its destination. */
  | { kind: 'application'; name: string; cluster: string }
  /**
   * A fleet rollout moved (sent once its transaction committed): these applications' targets became Pending or are
   * to be rolled back, so their shard owners can sync them now instead of at their next poll.
   */
  | { kind: 'rollout-targets'; applications: { name: string; cluster: string }[] }
  /**
   * The shard owner reconciled an application. `changed`: its status was written (a sync finished, its health or
   * sync status moved). `rollout`: a fleet rollout manages it, so with `changed` the rollout driver has something new
   * to judge. `settling`: its workloads are still Progressing (and, under a rollout, the rollout waits on them), so it
   * is worth looking at again shortly.
   */
  | { kind: 'application-reconciled'; name: string; cluster: string; changed: boolean; rollout: boolean; settling: boolean };

/** What of a cluster an ApplicationSet can see: its identity (destinations name it) and labels (selectors match them). */
export interface ClusterFacts {
  name: string;
  server: string;
  labels: Record<string, string>;
}

/** The in-process bus between the registries, the expansion controller, the reconcile queue and the rollout driver. */
@Injectable()
export class FleetEvents {
  private readonly changes = new Subject<FleetChange>();

  emit(change: FleetChange): void {
    this.changes.next(change);
  }

  subscribe(handler: (change: FleetChange) => void): Subscription {
    return this.changes.subscribe(handler);
  }
}

@Global()
@Module({ providers: [FleetEvents], exports: [FleetEvents] })
export class EventsModule {}
