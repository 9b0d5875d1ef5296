import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { type ApplicationIdentity, type ClusterApi, compareApplication, type ComparisonResult, type KubeObject, type PlanOptions, syncApplication, type SyncResult } from '../sync';
import { rejectedSync, splitRendered, withHubChildren, withHubResults } from './hub-children';
import { HubObjects } from './hub-objects';

/** Everything one application's objects go to: the destination cluster, and the hub for an app of apps' children. */
export interface ApplicationTarget {
  identity: ApplicationIdentity;
  /** Applied to the destination cluster. */
  objects: KubeObject[];
  /** Adopted by the hub (projects, sets, applications), owned by this application. */
  hubObjects: KubeObject[];
  api: ClusterApi;
  planOptions: PlanOptions;
}

/**
 * Compares and syncs an application against both places its rendered objects go. The children are written first
 * (a project before the applications that name it) and validated before anything is written anywhere: a child the
 * REST API would refuse fails the whole sync, as a failed dry run fails Argo CD's.
 */
@Injectable()
export class ApplicationTargets {
  private readonly argoNamespace: string;

  constructor(
    private readonly hub: HubObjects,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.argoNamespace = config.reconcile.argoNamespace;
  }

  /** The rendered objects split between the hub (Argo CD's own kinds aimed at it) and the destination cluster. */
  split(objects: readonly KubeObject[], destinationCluster: string): { hub: KubeObject[]; cluster: KubeObject[] } {
    return splitRendered(objects, { argoNamespace: this.argoNamespace, destinationCluster });
  }

  async compare(target: ApplicationTarget): Promise<ComparisonResult> {
    const comparison = await compareApplication(target.identity, target.objects, target.api, target.planOptions);
    const children = await this.hub.compare(target.identity.name, target.hubObjects);
    return withHubChildren(comparison, children, this.argoNamespace);
  }

  async sync(target: ApplicationTarget): Promise<SyncResult> {
    const { identity } = target;
    const hub = await this.hub.sync(identity.name, target.hubObjects, { prune: identity.prune, dryRun: identity.dryRun });
    if (hub.rejected) return rejectedSync(hub, this.argoNamespace, identity.dryRun, target.planOptions.extraKinds ?? []);
    return withHubResults(await syncApplication(identity, target.objects, target.api, target.planOptions), hub, this.argoNamespace);
  }

  /** The cascading deletion's second half, once the cluster objects are gone: the children go too. */
  async release(parent: string, clusterResult: SyncResult): Promise<SyncResult> {
    return withHubResults(clusterResult, await this.hub.release(parent), this.argoNamespace);
  }
}
