import { Injectable } from '@nestjs/common';
import { conflict, DomainError, notFound } from '../common/errors/domain-error';
import { blockedMessage } from '../projects/rules';
import { ApplicationRunner, type RunRequest } from '../reconcile/application-runner';
import type { ManualSync, ReconcileResult } from '../reconcile/application-sync.service';

/**
 * Manual sync and refresh, run by the replica that holds the application's shard. Both ask Git for the branch or
 * tag again (as Argo CD's do), so a commit pushed just before is what gets compared and applied.
 */
@Injectable()
export class SyncRequestsService {
  constructor(private readonly runner: ApplicationRunner) {}

  async sync(name: string, request: Omit<ManualSync, 'requestedBy'>, requestedBy: string) {
    const result = await this.reconcileOwned(name, { manual: { ...request, requestedBy }, resolveRevisionNow: true });
    // 409: the request is fine, the project's sync windows forbid it now (Argo CD answers PermissionDenied).
    if (result.blockedBySyncWindow) throw conflict(`Sync ${blockedMessage(result.blockedBySyncWindow)}`);
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

  /** Compares with Git as it is now and syncs when the automated policy says so; `hard` renders the source again. */
  async refresh(name: string, hard: boolean) {
    return (await this.reconcileOwned(name, { resolveRevisionNow: true, hard })).status;
  }

  private async reconcileOwned(name: string, request: RunRequest): Promise<ReconcileResult> {
    const outcome = await this.runner.reconcileNow(name, request);
    if (outcome.kind === 'missing') throw notFound('Application', name);
    if (outcome.kind === 'not-owned') throw shardHeldElsewhere(outcome);
    if (outcome.kind === 'being-deleted') throw conflict(`application "${name}" is being deleted: its resources are being removed, then the application`);
    return outcome.result;
  }
}

function conditionMessage(status: { conditions: { message: string }[] }): string | undefined {
  return status.conditions.at(-1)?.message;
}

/** A request only the holder of the destination cluster's shard may serve reached another replica: 503, retry there. */
export function shardHeldElsewhere(where: { shard: number; cluster: string }): DomainError {
  return new DomainError('ServiceUnavailable', `Shard ${where.shard} of cluster "${where.cluster}" is held by another hub replica (see GET /api/v1/shards); retry there`);
}
