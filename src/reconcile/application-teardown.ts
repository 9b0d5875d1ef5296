import { Injectable } from '@nestjs/common';
import type { ApplicationEntity } from '../database/entities/application.entity';
import type { HeldShard } from '../repositories/shard-lease.repository';
import { ShardOwnershipService } from '../sharding/shard-ownership.service';
import { type ApplicationIdentity, syncApplication, type SyncResult } from '../sync';
import { ApplicationTargets } from './application-targets';
import { DestinationApis } from './destination-apis';

/**
 * Argo CD's cascading deletion (the resources finalizer): every object the application tracks in its cluster is
 * deleted, as a sync of an empty desired state with pruning on would: in reverse wave order, with the application's
 * propagation policy; objects marked Prune=false stay. An app of apps' children in the hub go next, as the REST API
 * deletes them (a child Application with the finalizer has its own objects deleted in turn). The caller deletes the row only once this succeeded, so a
 * failure leaves the application in place, to be deleted again.
 */
@Injectable()
export class ApplicationTeardown {
  constructor(
    private readonly destinations: DestinationApis,
    private readonly ownership: ShardOwnershipService,
    private readonly targets: ApplicationTargets,
  ) {}

  async deleteResources(row: ApplicationEntity, lease: HeldShard): Promise<{ ok: true; result: SyncResult } | { ok: false; message: string }> {
    const destination = await this.destinations.of(row.cluster);
    if (!destination) return { ok: false, message: `destination cluster "${row.cluster}" is not registered` };
    // The fence: a replica that lost this shard must not write to the cluster.
    if (!(await this.ownership.isCurrent(lease))) return { ok: false, message: `the shard of cluster "${row.cluster}" moved to another hub replica; retry` };
    const syncOptions = (row.manifest.spec.syncPolicy as { syncOptions?: unknown } | undefined)?.syncOptions;
    const identity: ApplicationIdentity = {
      name: row.name,
      destinationNamespace: row.manifest.spec.destination.namespace ?? 'default',
      // Only how to delete carries over: CreateNamespace and the like would create what is being removed.
      syncOptions: (Array.isArray(syncOptions) ? syncOptions : []).filter((option): option is string => typeof option === 'string' && option.startsWith('PrunePropagationPolicy=')),
      prune: true,
      dryRun: false,
    };
    const result = await syncApplication(identity, [], destination.api, { extraKinds: row.status.trackedKinds ?? [] });
    return { ok: true, result: result.phase === 'Succeeded' ? await this.targets.release(row.name, result) : result };
  }
}
