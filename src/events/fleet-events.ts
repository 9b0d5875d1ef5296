import { Global, Injectable, Module } from '@nestjs/common';
import { Subject, type Subscription } from 'rxjs';

/** Something in the desired state changed; consumers re-read the state they need (reconcile, don't react). */
export type FleetChange =
  | { kind: 'cluster' | 'project' | 'applicationset'; name: string }
  /** An application was created or its spec changed (sent once the write has committed); `cluster` is its destination. */
  | { kind: 'application'; name: string; cluster: string };

/** The in-process bus between the registries, the expansion controller and the reconcile queue. */
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
