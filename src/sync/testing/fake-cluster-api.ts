import type { ClusterApi, DeleteOptions, ObjectRef } from '../cluster-api';
import { SyncError } from '../errors';
import type { PropagationPolicy } from '../sync-options';
import { groupOf } from '../tracking';
import type { KubeObject } from '../types';

export type FakeVerb = 'discovery' | 'get' | 'list' | 'apply' | 'delete';

export interface FakeCall {
  readonly verb: FakeVerb;
  readonly target: string;
  readonly dryRun?: boolean;
  readonly propagationPolicy?: PropagationPolicy;
  readonly uid?: string;
}

/**
 * An in-memory ClusterApi for unit tests: objects keyed by group/kind/namespace/name, a scope table,
 * a call log, and an optional hook that fails chosen calls. Apply replaces the stored object and bumps
 * its resourceVersion only when something changed; status is whatever the test stored.
 */
export class FakeClusterApi implements ClusterApi {
  readonly calls: FakeCall[] = [];
  readonly objects = new Map<string, KubeObject>();
  failWith?: (verb: FakeVerb, target: string) => SyncError | undefined;
  private version = 1;

  constructor(
    private readonly scopes: Record<string, boolean> = {
      '/Namespace': false,
      '/ConfigMap': true,
      '/Service': true,
      'apps/Deployment': true,
      'batch/Job': true,
      'apiextensions.k8s.io/CustomResourceDefinition': false,
      'rbac.authorization.k8s.io/ClusterRole': false,
    },
  ) {}

  seed(obj: KubeObject): void {
    this.objects.set(this.keyOf(obj.apiVersion, obj.kind, obj.metadata.namespace, obj.metadata.name), structuredClone(obj));
  }

  find(kind: string, name: string): KubeObject | undefined {
    return [...this.objects.values()].find((o) => o.kind === kind && o.metadata.name === name);
  }

  writes(): FakeCall[] {
    return this.calls.filter((c) => (c.verb === 'apply' || c.verb === 'delete') && c.dryRun !== true);
  }

  async isNamespaced(apiVersion: string, kind: string): Promise<boolean | undefined> {
    this.record({ verb: 'discovery', target: `${groupOf(apiVersion)}/${kind}` });
    return this.scopes[`${groupOf(apiVersion)}/${kind}`];
  }

  async get(ref: ObjectRef): Promise<KubeObject | undefined> {
    const key = this.keyOf(ref.apiVersion, ref.kind, ref.namespace, ref.name);
    this.record({ verb: 'get', target: key });
    return structuredCloneOrUndefined(this.objects.get(key));
  }

  async list(apiVersion: string, kind: string, labelSelector: string): Promise<KubeObject[]> {
    this.record({ verb: 'list', target: `${groupOf(apiVersion)}/${kind}` });
    const [label, value] = labelSelector.split('=');
    return [...this.objects.values()]
      .filter((o) => groupOf(o.apiVersion) === groupOf(apiVersion) && o.kind === kind && o.metadata.labels?.[label] === value)
      .map((o) => structuredClone(o));
  }

  async apply(obj: KubeObject, options: { readonly dryRun: boolean }): Promise<KubeObject> {
    const key = this.keyOf(obj.apiVersion, obj.kind, obj.metadata.namespace, obj.metadata.name);
    this.record({ verb: 'apply', target: key, dryRun: options.dryRun });
    const current = this.objects.get(key);
    const { status: _status, ...body } = obj;
    const uid = current?.metadata.uid ?? `uid-${key}`;
    const next: KubeObject = { ...body, ...(current?.status !== undefined && { status: current.status }), metadata: { ...obj.metadata, uid, resourceVersion: current?.metadata.resourceVersion } };
    if (current === undefined || canonical(current) !== canonical(next)) {
      next.metadata.resourceVersion = String((this.version += 1));
    }
    if (!options.dryRun) this.objects.set(key, next);
    return structuredClone(next);
  }

  async delete(ref: ObjectRef, options: DeleteOptions): Promise<void> {
    const key = this.keyOf(ref.apiVersion, ref.kind, ref.namespace, ref.name);
    this.record({ verb: 'delete', target: key, dryRun: options.dryRun, propagationPolicy: options.propagationPolicy, uid: options.uid });
    const current = this.objects.get(key);
    if (options.uid !== undefined && current !== undefined && current.metadata.uid !== options.uid) {
      throw new SyncError('Conflict', `precondition failed: uid in precondition: ${options.uid}, uid in object meta: ${String(current.metadata.uid)}`, 409);
    }
    if (!options.dryRun) this.objects.delete(key);
  }

  private record(call: FakeCall): void {
    this.calls.push(call);
    const failure = this.failWith?.(call.verb, call.target);
    if (failure !== undefined) throw failure;
  }

  private keyOf(apiVersion: string, kind: string, namespace: string | undefined, name: string): string {
    return `${groupOf(apiVersion)}/${kind}/${namespace ?? ''}/${name}`;
  }
}

function structuredCloneOrUndefined(obj: KubeObject | undefined): KubeObject | undefined {
  return obj === undefined ? undefined : structuredClone(obj);
}

/** JSON with sorted keys, so equal objects compare equal whatever order their fields were written in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}
