import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '../clock/clock';
import type { ApplicationEntity } from '../database/entities/application.entity';
import { FleetEvents } from '../events/fleet-events';
import { ApplicationRepository } from '../repositories/application.repository';
import type { HeldShard } from '../repositories/shard-lease.repository';
import { HubIdentity } from '../scheduling/hub-identity';
import type { SyncResult } from '../sync';
import { ApplicationTeardown } from './application-teardown';
import { deletionFailedStatus } from './deletion-retry';

export type DeletionAttempt =
  | { kind: 'deleted'; resources: SyncResult['resources'] }
  /** The objects could not all be deleted: the row stays marked, the error is in its status, retried later. */
  | { kind: 'failed'; message: string };

/**
 * Finishes the deletion of an application marked for it (a set stopped generating it, it carried the resources
 * finalizer): its cluster objects are deleted as a hand-made application's are (ApplicationTeardown), then the row.
 * Run by the holder of the destination's shard, as one of the application's runs, so no sync re-applies meanwhile.
 */
@Injectable()
export class MarkedDeletions {
  private readonly logger = new Logger('Reconcile');

  constructor(
    private readonly applications: ApplicationRepository,
    private readonly teardown: ApplicationTeardown,
    private readonly identity: HubIdentity,
    private readonly events: FleetEvents,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async finish(row: ApplicationEntity, lease: HeldShard): Promise<DeletionAttempt> {
    const teardown = await this.teardown.deleteResources(row, lease);
    const message = !teardown.ok ? teardown.message : teardown.result.phase !== 'Succeeded' ? teardown.result.message : undefined;
    if (message !== undefined) {
      // Under the lease it was tried with: a replica that lost the shard leaves the status to its successor.
      await this.applications.updateStatusFenced(row.name, deletionFailedStatus(row.status, message, this.clock.now()), { ...lease, holder: this.identity.id });
      this.logger.warn(`Deleting the resources of ${row.name} failed; retried later: ${message}`);
      return { kind: 'failed', message };
    }
    const resources = teardown.ok ? teardown.result.resources : [];
    await this.applications.deleteMarked(row.name);
    // Its set may generate the name again (re-added while it was being deleted): it is created anew now.
    if (row.applicationSet) this.events.emit({ kind: 'applicationset', name: row.applicationSet });
    // An app of apps that pruned it shows its children: it is compared again now that this one is gone.
    const parent = row.parentApplication ? await this.applications.findByName(row.parentApplication) : null;
    if (parent) this.events.emit({ kind: 'application', name: parent.name, cluster: parent.cluster });
    this.logger.log(`Application ${row.name} (ApplicationSet ${row.applicationSet ?? 'none'}): its ${resources.length} resource(s) were deleted, then the application`);
    return { kind: 'deleted', resources };
  }
}
