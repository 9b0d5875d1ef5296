import { effectiveProject } from '../domain/app-project';
import { Injectable } from '@nestjs/common';
import { validationFailed } from '../common/errors/domain-error';
import type { ApplicationEntity } from '../database/entities/application.entity';
import { applicationSources, hasMultipleSources } from '../domain/application';
import { GitError } from '../git';
import { type AppProject, isSourceRepoPermitted } from '../projects/rules';
import { RenderError } from '../rendering';
import type { HeldShard } from '../repositories/shard-lease.repository';
import type { ApplicationIdentity, IgnoreDifference, KubeObject } from '../sync';
import type { ManualSync, PassInputs, ReconcileRequest } from './application-sync.service';
import { type ApplicationTarget, ApplicationTargets } from './application-targets';
import { DesiredStates } from './desired-state';
import { type Destination, DestinationApis } from './destination-apis';
import { rolloutDirective, type RolloutDirective } from './rollout-directive';
import type { AutomatedPolicy, RetryPolicy } from './sync-decision';

export interface SyncPolicy {
  automated?: AutomatedPolicy;
  syncOptions?: string[];
  retry?: RetryPolicy;
}

/** Why desired or live state could not be set up; recorded as a condition of this type, nothing is written to the cluster. */
export interface TargetFailure {
  ok: false;
  type: 'InvalidSpecError' | 'ComparisonError';
  message: string;
}

/** Everything one comparison (and the sync that may follow it) works from. */
export interface ComparisonTarget {
  ok: true;
  project: AppProject;
  directive: RolloutDirective;
  policy: SyncPolicy;
  /** The commit rendered (the first source's), and with `spec.sources` every source's. */
  at: { revision: string; revisions?: string[] };
  /** With multiple sources: objects more than one source rendered. */
  repeated: string[];
  cluster: Destination['cluster'];
  target: ApplicationTarget;
}

/**
 * Steps 1–3 of a reconcile, shared by the reconcile pass and the read-only diff (`GET /applications/:name/diff`), so
 * both compare the same thing: the sources the project permits, rendered at the revision the hub would sync (a
 * manual override, a rollout's frozen commit, else the target revision; the render cache is shared), split between
 * the hub and the destination cluster, with the cluster's API.
 */
@Injectable()
export class ComparisonTargets {
  constructor(
    private readonly desired: DesiredStates,
    private readonly destinations: DestinationApis,
    private readonly targets: ApplicationTargets,
  ) {}

  /** `lease`: the shard lease a reconcile runs under (none for the read-only diff). */
  async prepare(row: ApplicationEntity, inputs: PassInputs, request: ReconcileRequest = {}, lease?: HeldShard): Promise<ComparisonTarget | TargetFailure> {
    const { manual } = request;
    const app = row.manifest;
    // Argo CD syncs a multi-source application to other commits through per-source revisions, which this API lacks.
    if (manual?.revision && hasMultipleSources(app.spec)) throw validationFailed([{ field: 'revision', reason: 'an application with spec.sources syncs each source at its targetRevision; a revision cannot be given' }]);
    // 1. Every source must be one the project permits (checked on every pass: projects change).
    const sources = applicationSources(app.spec);
    if (sources.length === 0) return failure('InvalidSpecError', 'spec.source or spec.sources is required');
    const project = inputs.projects.get(effectiveProject(app.spec.project));
    const refused = sources.find((source) => !project || !isSourceRepoPermitted(project, source.repoURL));
    if (!project || refused) return failure('InvalidSpecError', `project "${effectiveProject(app.spec.project)}" does not permit repository ${refused?.repoURL ?? sources[0].repoURL}`);
    // 2. Desired state: resolve the revision (a rollout's frozen commit for an application it manages), render.
    const directive = rolloutDirective(row.applicationSet !== null && inputs.rollingSyncSets.has(row.applicationSet), inputs.rolloutTargets.get(row.name), { fingerprint: row.fingerprint, lastOperation: row.status.operationState });
    // 3 begins: the destination is looked up while the sources render, and a first contact with it (its TLS handshake,
    //    the discovery of core/v1 and of the kinds the application had) starts then. A fleet's first rollout waits
    //    for one render; without this every cluster's handshake and discovery queued up behind it.
    const { readWithRow } = request;
    const clusterNamed = readWithRow ? (name: string) => (name === row.cluster ? Promise.resolve(readWithRow.destination) : inputs.clusterNamed(name)) : inputs.clusterNamed;
    const destinationLookup = this.destinations.of(row.cluster, clusterNamed, { apiVersions: ['v1', ...(row.status.trackedKinds ?? []).map((k) => k.apiVersion)] });
    destinationLookup.catch(() => undefined);
    let at: ComparisonTarget['at'];
    let repeated: string[];
    let rendered: KubeObject[];
    try {
      // A revision override (manual sync, rollout) names one commit, so it applies to a single source only.
      const revision = manual ? manual.revision : directive.managed ? directive.revision : undefined;
      const desired = await this.desired.read(row.name, app, revision, inputs.credentialsFor, { freshSince: request.revisionsFreshSince, hard: request.hard });
      at = { revision: desired.sha, ...(desired.shas ? { revisions: desired.shas } : {}) };
      repeated = desired.repeated ?? [];
      // Cached renders are frozen; the sync engine adds tracking metadata to its own copies.
      rendered = structuredClone(desired.objects) as KubeObject[];
    } catch (error) {
      if (error instanceof GitError || error instanceof RenderError) return failure('ComparisonError', error.message);
      throw error;
    }
    // 3. Live state: the destination cluster.
    const destination = await destinationLookup;
    if (!destination) return failure('ComparisonError', `destination cluster "${row.cluster}" is not registered`);
    // An app of apps: Argo CD's own kinds aimed at the hub become the hub's objects, the rest goes to the cluster.
    const { hub: hubObjects, cluster: objects } = this.targets.split(rendered, row.cluster);
    const policy = (app.spec.syncPolicy ?? {}) as SyncPolicy;
    const identity = identityOf(row, policy, manual);
    const extraKinds = mergeKinds(row.status.trackedKinds ?? [], objects);
    const target: ApplicationTarget = {
      identity,
      objects,
      hubObjects,
      api: destination.api,
      planOptions: { extraKinds },
      ...(lease && { lease: { shard: lease.shard, epoch: lease.epoch, row: row.id, rowChangedAt: row.updatedAt.getTime() } }),
      ...(readWithRow?.ownsNoHubObjects && { ownedNoHubObjectsWhenRead: true }),
    };
    return { ok: true, project, directive, policy, at, repeated, cluster: destination.cluster, target };
  }
}

function failure(type: TargetFailure['type'], message: string): TargetFailure {
  return { ok: false, type, message };
}

function identityOf(row: ApplicationEntity, policy: SyncPolicy, manual: ManualSync | undefined): ApplicationIdentity {
  return {
    name: row.name,
    destinationNamespace: row.manifest.spec.destination.namespace ?? 'default',
    syncOptions: policy.syncOptions ?? [],
    prune: manual?.prune ?? policy.automated?.prune === true,
    dryRun: manual?.dryRun === true,
    // Validated when the application was written; the engine compiles the rules again and refuses a bad stored one.
    ignoreDifferences: row.manifest.spec.ignoreDifferences as IgnoreDifference[] | undefined,
  };
}

/** The kinds seen so far plus those rendered now, in a stable order (so an unchanged set writes nothing). */
function mergeKinds(known: { apiVersion: string; kind: string }[], objects: KubeObject[]): { apiVersion: string; kind: string }[] {
  const all = new Map(known.map((k) => [`${k.apiVersion}/${k.kind}`, k]));
  for (const object of objects) all.set(`${object.apiVersion}/${object.kind}`, { apiVersion: object.apiVersion, kind: object.kind });
  return [...all.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, kind]) => kind);
}
