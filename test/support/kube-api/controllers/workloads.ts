import type { ResourceType } from '../catalogue';
import { isObject, type JsonObject, str } from '../json';
import { metadataOf, nowIso, typeKeyOf, type ObjectService } from '../objects';
import type { Timers } from './timers';
import { jobStatus, workloadStatus, type Phase } from './workload-status';

const WORKLOADS = new Set(['deployments', 'statefulsets', 'daemonsets', 'replicasets']);
const MANAGER = 'kube-controller-manager';

/**
 * Simulated workload controllers: right after a spec change the status shows the rollout in progress,
 * after `delayMs` it is settled (available, or stuck for `broken` images).
 */
export class WorkloadController {
  constructor(
    private readonly objects: ObjectService,
    private readonly timers: Timers,
    private readonly delayMs: number,
  ) {}

  onChange(type: ResourceType, obj: JsonObject, deleted: boolean): void {
    if (type.crdName || (type.group !== 'apps' && type.group !== 'batch') || deleted) return;
    const metadata = metadataOf(obj);
    const status = isObject(obj.status) ? obj.status : {};
    const key = `${typeKeyOf(type)}/${str(metadata.namespace)}/${str(metadata.name)}`;
    if (WORKLOADS.has(type.resource)) {
      if (status.observedGeneration === metadata.generation) return;
      this.timers.replace(key, [
        [0, () => this.writeStatus(type, obj, 'progressing')],
        [this.delayMs, () => this.writeStatus(type, obj, 'settled')],
      ]);
    } else if (type.resource === 'jobs' && status.startTime === undefined) {
      const startTime = nowIso();
      this.timers.replace(key, [
        [0, () => this.writeStatus(type, obj, 'progressing', startTime)],
        [this.delayMs, () => this.writeStatus(type, obj, 'settled', startTime)],
      ]);
    }
  }

  private writeStatus(type: ResourceType, scheduledFor: JsonObject, phase: Phase, startTime = nowIso()): void {
    const scheduledMeta = metadataOf(scheduledFor);
    const current = this.objects.read(type, str(scheduledMeta.namespace ?? ''), str(scheduledMeta.name));
    // A newer generation (or a deleted and recreated object) has its own timers.
    if (!current || metadataOf(current).uid !== scheduledMeta.uid || metadataOf(current).generation !== scheduledMeta.generation) return;
    const now = nowIso();
    const status = type.resource === 'jobs' ? jobStatus(current, phase, now, startTime) : workloadStatus(type.resource, current, phase, now);
    this.objects.commit(type, current, { ...current, status }, { manager: MANAGER, subresource: 'status', dryRun: false });
  }
}
