import { Injectable } from '@nestjs/common';
import { DomainError, notFound } from '../common/errors/domain-error';
import { ApplicationSyncService } from '../reconcile/application-sync.service';
import { ComparisonTargets } from '../reconcile/comparison-targets';
import { ApplicationRepository } from '../repositories/application.repository';
import { asSyncError, diffApplication, type DiffState, ignoreDifferencesIssue, type ResourceDiff } from '../sync';

export interface ApplicationDiffView {
  revision: string;
  revisions?: string[];
  cluster: string;
  summary: Record<DiffState, number>;
  resources: ResourceDiff[];
}

/**
 * `argocd app diff`: the application's desired state (rendered at the revision the hub would sync, through the
 * reconcile's own render cache) against the live objects in its destination cluster. Read-only, so any replica
 * answers, whichever holds the cluster's shard. Objects an app of apps hands to the hub are not part of it.
 */
@Injectable()
export class ApplicationDiffService {
  constructor(
    private readonly applications: ApplicationRepository,
    private readonly reconcile: ApplicationSyncService,
    private readonly targets: ComparisonTargets,
  ) {}

  /** `all`: list unchanged resources too; they are counted either way. */
  async diff(name: string, all: boolean): Promise<ApplicationDiffView> {
    const row = await this.applications.findByName(name);
    if (!row) throw notFound('Application', name);
    const prepared = await this.targets.prepare(row, await this.reconcile.passInputs([row]));
    // The spec, the project, Git, the render or the destination: what the application's condition would say.
    if (!prepared.ok) throw new DomainError('Unprocessable', `Cannot compare "${name}": ${prepared.message}`);
    const { identity, objects, api, planOptions } = prepared.target;
    // Checked when the application was written; one stored before that check is refused here, not read as a cluster fault.
    const issue = ignoreDifferencesIssue(row.manifest.spec.ignoreDifferences);
    if (issue) throw new DomainError('Unprocessable', `Cannot compare "${name}": ${issue.message}`, [{ field: issue.path, reason: issue.message }]);
    let resources: ResourceDiff[];
    try {
      resources = await diffApplication(identity, objects, api, planOptions);
    } catch (error) {
      // Without the cause: its connection errors would read as a database outage to the error filter.
      throw new DomainError('ClusterUnreachable', `Cannot read the live objects of "${name}" in cluster "${row.cluster}": ${asSyncError(error).message}`);
    }
    const summary: Record<DiffState, number> = { added: 0, modified: 0, removed: 0, unchanged: 0 };
    for (const resource of resources) summary[resource.state] += 1;
    return {
      ...prepared.at,
      cluster: row.cluster,
      summary,
      resources: all ? resources : resources.filter((resource) => resource.state !== 'unchanged'),
    };
  }
}
