import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { type ApplicationIdentity, type ClusterApi, type ComparisonResult, comparePlanned, comparisonFromPlan, type KubeObject, type Plan, type PlanOptions, syncPlanned, type SyncResult } from '../sync';
import { noHubChanges, rejectedSync, splitRendered, withHubChildren, withHubResults } from './hub-children';
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
  /**
   * The shard lease a reconcile runs under, with the application row's id and last change as it read them; none for a
   * read-only diff.
   */
  lease?: { readonly shard: number; readonly epoch: string; readonly row: string; readonly rowChangedAt: number };
  /** Read with the row in this reconcile: the application owned no hub object, and can have been given none since. */
  ownedNoHubObjectsWhenRead?: boolean;
}

// Applications remembered as owning no hub children; past this many the memory starts again (each asks once more).
const CHILDLESS_REMEMBERED = 65_536;

/**
 * Compares and syncs an application against both places its rendered objects go. The children are written first
 * (a project before the applications that name it) and validated before anything is written anywhere: a child the
 * REST API would refuse fails the whole sync, as a failed dry run fails Argo CD's.
 */
@Injectable()
export class ApplicationTargets {
  private readonly argoNamespace: string;
  /**
   * What a target's live state was last known to be (a target lives for one reconcile, and goes with it). The sync
   * that follows a comparison plans from the live state that comparison read, as Argo CD syncs from its cached live
   * state, and the comparison after the sync starts from the server's answers to the sync's applies: one read of
   * each kind per reconcile, not three. A parent that renders no hub children and owns none (nearly every
   * application) has nothing to sync there and owns none after the sync either, so the hub is asked once.
   */
  private readonly lastRead = new WeakMap<ApplicationTarget, { plan?: Plan; noHubChildren: boolean }>();
  /**
   * Applications whose last reconcile here found no hub children and rendered none, by name, with the shard lease
   * (shard and epoch) it ran under and the row's id and last change. Only a parent's own sync adopts children, under
   * the lease of its destination's shard. While that lease is the same one and the row unchanged, no other replica
   * can have given it any, and its later reconciles skip the look (one statement per reconcile, and nearly every
   * reconcile of a steady fleet). A takeover changes the epoch. A new destination, which may lie in another replica's
   * shard, changes the row, as does an application deleted and made again under the name. Any of them voids the
   * memory; so does rendering a hub object. Status writes leave the row's last change alone.
   */
  private readonly childless = new Map<string, string>();

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
    const { comparison, plan } = await comparePlanned(target.identity, target.objects, target.api, target.planOptions);
    const knownEmpty = this.noHubChildren(target) || this.rememberedChildless(target) || (target.hubObjects.length === 0 && target.ownedNoHubObjectsWhenRead === true);
    const children = knownEmpty ? [] : await this.hub.compare(target.identity.name, target.hubObjects);
    const noHubChildren = knownEmpty || (target.hubObjects.length === 0 && children.length === 0);
    this.lastRead.set(target, { plan, noHubChildren });
    this.remember(target, noHubChildren);
    return withHubChildren(comparison, children, this.argoNamespace);
  }

  /** The comparison right after a sync of the target: from what the sync left, when it knows, else read afresh. */
  async compareAfterSync(target: ApplicationTarget): Promise<ComparisonResult> {
    const plan = this.lastRead.get(target)?.plan;
    if (!plan) return this.compare(target);
    const children = this.noHubChildren(target) ? [] : await this.hub.compare(target.identity.name, target.hubObjects);
    return withHubChildren(comparisonFromPlan(plan), children, this.argoNamespace);
  }

  async sync(target: ApplicationTarget): Promise<SyncResult> {
    const { identity } = target;
    const read = this.lastRead.get(target);
    const noHubChildren = this.noHubChildren(target);
    // Children may be adopted or pruned here: what was remembered is read again next time.
    if (!noHubChildren) this.childless.delete(identity.name);
    const hub = noHubChildren ? noHubChanges() : await this.hub.sync(identity.name, target.hubObjects, { prune: identity.prune, dryRun: identity.dryRun });
    if (hub.rejected) {
      this.lastRead.delete(target);
      return rejectedSync(hub, this.argoNamespace, identity.dryRun, target.planOptions.extraKinds ?? []);
    }
    const { result, planAfter } = await syncPlanned(identity, target.objects, target.api, { ...target.planOptions, plan: read?.plan });
    this.lastRead.set(target, { plan: planAfter, noHubChildren });
    return withHubResults(result, hub, this.argoNamespace);
  }

  private noHubChildren(target: ApplicationTarget): boolean {
    return target.hubObjects.length === 0 && this.lastRead.get(target)?.noHubChildren === true;
  }

  private rememberedChildless(target: ApplicationTarget): boolean {
    return target.hubObjects.length === 0 && target.lease !== undefined && this.childless.get(target.identity.name) === leaseKey(target.lease);
  }

  private remember(target: ApplicationTarget, noHubChildren: boolean): void {
    const { name } = target.identity;
    if (!noHubChildren || target.lease === undefined) {
      this.childless.delete(name);
      return;
    }
    if (this.childless.size >= CHILDLESS_REMEMBERED && !this.childless.has(name)) this.childless.clear();
    this.childless.set(name, leaseKey(target.lease));
  }

  /** The cascading deletion's second half, once the cluster objects are gone: the children go too. */
  async release(parent: string, clusterResult: SyncResult): Promise<SyncResult> {
    return withHubResults(clusterResult, await this.hub.release(parent), this.argoNamespace);
  }
}

function leaseKey(lease: NonNullable<ApplicationTarget['lease']>): string {
  return `${lease.shard}:${lease.epoch}:${lease.row}:${lease.rowChangedAt}`;
}
