import type { Clock } from '../../../../src/clock/clock';
import type { Catalogue, ResourceType } from '../catalogue';
import type { JsonObject } from '../json';
import type { ObjectService } from '../objects';
import { CrdController } from './crds';
import { GarbageCollector } from './garbage-collector';
import { NamespaceController } from './namespaces';
import { RolloutController } from './rollouts';
import { Timers } from './timers';
import { WorkloadController } from './workloads';

/** The simulated control plane of one instance; every stored change is offered to each controller. */
export class Controllers {
  private readonly timers: Timers;
  private parts: { onChange(type: ResourceType, obj: JsonObject, deleted: boolean): void }[] = [];

  constructor(
    private readonly catalogue: Catalogue,
    private readonly delayMs: number,
    private readonly clock: Clock,
    private readonly rolloutTimeScale: number,
  ) {
    this.timers = new Timers(clock);
  }

  /** Wires the controllers to the object service (which in turn reports changes here). */
  attach(objects: ObjectService): void {
    this.parts = [
      new CrdController(this.catalogue, objects, this.timers),
      new NamespaceController(this.catalogue, objects, this.timers),
      new GarbageCollector(this.catalogue, objects, this.timers),
      new WorkloadController(objects, this.timers, this.delayMs),
      new RolloutController(objects, this.timers, this.clock, { podsReadyMs: this.delayMs, timeScale: this.rolloutTimeScale }),
    ];
  }

  onChange(type: ResourceType, obj: JsonObject, deleted: boolean): void {
    for (const part of this.parts) part.onChange(type, obj, deleted);
  }

  stop(): void {
    this.timers.stop();
  }
}
