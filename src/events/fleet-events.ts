import { Global, Injectable, Module } from '@nestjs/common';
import { Subject, type Subscription } from 'rxjs';

/** Something in the desired state changed; consumers re-read the state they need (reconcile, don't react). */
export interface FleetChange {
  kind: 'cluster' | 'project' | 'applicationset';
  name: string;
}

/** The in-process bus between the registries and the expansion controller. */
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
