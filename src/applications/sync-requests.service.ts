import { Injectable } from '@nestjs/common';
import { ApplicationRepository } from '../repositories/application.repository';
import { DomainError, notFound } from '../common/errors/domain-error';
import { ShardOwnershipService } from '../sharding/shard-ownership.service';
import { ApplicationSyncService, type ManualSync } from '../reconcile/application-sync.service';

/** Manual sync and refresh, run by the replica that holds the application's shard. */
@Injectable()
export class SyncRequestsService {
  constructor(
    private readonly applications: ApplicationRepository,
    private readonly ownership: ShardOwnershipService,
    private readonly syncer: ApplicationSyncService,
  ) {}

  async sync(name: string, request: Omit<ManualSync, 'requestedBy'>, requestedBy: string) {
    const { row, lease } = await this.ownedApplication(name);
    const result = await this.syncer.reconcile(row, lease, await this.syncer.passInputs(), { ...request, requestedBy });
    if (!result.synced) throw new DomainError('Unprocessable', conditionMessage(result.status) ?? 'The sync could not start');
    return {
      dryRun: result.synced.dryRun,
      phase: result.synced.phase,
      message: result.synced.message,
      revision: result.status.sync.revision,
      resources: result.synced.resources.map((r) => ({ group: r.group, kind: r.kind, namespace: r.namespace, name: r.name, action: r.action, message: r.message })),
      status: result.status,
    };
  }

  async refresh(name: string) {
    const { row, lease } = await this.ownedApplication(name);
    return (await this.syncer.reconcile(row, lease, await this.syncer.passInputs())).status;
  }

  private async ownedApplication(name: string) {
    const row = await this.applications.findByName(name);
    if (!row) throw notFound('Application', name);
    const lease = this.ownership.leaseFor(row.cluster);
    if (!lease) {
      throw new DomainError('ServiceUnavailable', `Shard ${this.ownership.shardOfCluster(row.cluster)} of cluster "${row.cluster}" is held by another hub replica (see GET /api/v1/shards); retry there`);
    }
    return { row, lease };
  }
}

function conditionMessage(status: { conditions: { message: string }[] }): string | undefined {
  return status.conditions.at(-1)?.message;
}
