import { Injectable, Logger } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error';
import { diffFields } from '../common/field-diff';
import type { AppProject } from '../domain/app-project';
import type { HubChildResult, HubChildStatus, HubKind, HubSyncOutcome } from '../reconcile/hub-objects';
import { HubObjects } from '../reconcile/hub-objects';
import type { KubeObject } from '../sync';
import { AdoptedChildren, type OwnedChildren } from './adopted-children';

/** Written in this order (a project before the applications that name it), pruned in the reverse one. */
const WRITE_ORDER: readonly HubKind[] = ['AppProject', 'ApplicationSet', 'Application'];

interface Child {
  kind: HubKind;
  name: string;
  body: KubeObject;
}

/**
 * The hub's side of an app of apps: the children a parent renders become the hub's projects, sets and applications,
 * owned by it; those it stops rendering are pruned when its policy prunes. A name held by anyone else is a
 * conflict (Argo CD's "resource is owned by another application"), reported and left alone.
 */
@Injectable()
export class HubAdoption extends HubObjects {
  private readonly logger = new Logger('Adoption');

  constructor(private readonly children: AdoptedChildren) {
    super();
  }

  async compare(parent: string, desired: readonly KubeObject[]): Promise<HubChildStatus[]> {
    const owned = await this.children.ownedBy(parent);
    const statuses: HubChildStatus[] = [];
    for (const child of childrenOf(desired)) {
      const stored = owned[child.kind].get(child.name);
      if (stored !== undefined) {
        statuses.push({ kind: child.kind, name: child.name, status: (await this.sameAsStored(child, stored)) ? 'Synced' : 'OutOfSync' });
        continue;
      }
      const conflict = await this.children.heldElsewhere(child.kind, child.name, parent);
      statuses.push({ kind: child.kind, name: child.name, status: 'Missing', ...(conflict ? { conflict } : {}) });
    }
    for (const { kind, name } of unrendered(owned, desired)) statuses.push({ kind, name, status: 'OutOfSync', requiresPruning: true });
    return statuses;
  }

  async sync(parent: string, desired: readonly KubeObject[], options: { prune: boolean; dryRun: boolean }): Promise<HubSyncOutcome> {
    const children = childrenOf(desired);
    // 1. Every child is checked before anything is written: one the REST API would refuse fails the whole sync.
    const { problems, pendingProjects } = await this.checkAll(children);
    if (problems.length > 0) {
      return { phase: 'Failed', rejected: true, message: `invalid child object(s), nothing was synced: ${problems.map((p) => p.message).join('; ')}`, resources: problems };
    }
    if (options.dryRun) return outcome(children.map((child) => result(child, 'unchanged', 'valid (dry run)')));
    // 2. Create or update what is rendered, in kind order; a name held elsewhere is a conflict, left alone.
    const owned = await this.children.ownedBy(parent);
    const results: HubChildResult[] = [];
    for (const kind of WRITE_ORDER) {
      for (const child of children.filter((candidate) => candidate.kind === kind)) results.push(await this.apply(parent, child, owned[kind].get(child.name), pendingProjects));
    }
    // 3. Prune what the parent owns and no longer renders, in reverse kind order (applications before their project).
    results.push(...(await this.prune(parent, unrendered(owned, desired), options.prune)));
    return outcome(results);
  }

  async release(parent: string): Promise<HubSyncOutcome> {
    return outcome(await this.prune(parent, unrendered(await this.children.ownedBy(parent), []), true));
  }

  private async checkAll(children: Child[]): Promise<{ problems: HubChildResult[]; pendingProjects: Map<string, AppProject> }> {
    const problems: HubChildResult[] = [];
    const pendingProjects = new Map<string, AppProject>();
    for (const child of children.filter((candidate) => candidate.kind === 'AppProject')) {
      try {
        pendingProjects.set(child.name, (await this.children.checked(child.kind, child.body, pendingProjects)) as AppProject);
      } catch (error) {
        problems.push(result(child, 'failed', invalidMessage(child, error)));
      }
    }
    for (const child of children.filter((candidate) => candidate.kind !== 'AppProject')) {
      try {
        await this.children.checked(child.kind, child.body, pendingProjects);
      } catch (error) {
        problems.push(result(child, 'failed', invalidMessage(child, error)));
      }
    }
    return { problems, pendingProjects };
  }

  private async apply(parent: string, child: Child, stored: unknown, pendingProjects: ReadonlyMap<string, AppProject>): Promise<HubChildResult> {
    if (stored === undefined) {
      const conflict = await this.children.heldElsewhere(child.kind, child.name, parent);
      if (conflict) return result(child, 'failed', `Conflict: ${conflict}; left as it is`);
    } else if (await this.sameAsStored(child, stored)) {
      return result(child, 'unchanged', 'unchanged');
    }
    try {
      await this.children.write(child.kind, parent, child.body, pendingProjects);
      return result(child, stored === undefined ? 'created' : 'configured', stored === undefined ? 'created in the hub' : 'updated in the hub');
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return result(child, 'failed', error.message);
    }
  }

  private async prune(parent: string, stale: { kind: HubKind; name: string }[], prune: boolean): Promise<HubChildResult[]> {
    const results: HubChildResult[] = [];
    for (const kind of [...WRITE_ORDER].reverse()) {
      for (const child of stale.filter((candidate) => candidate.kind === kind)) {
        if (!prune) {
          results.push({ ...child, action: 'unchanged', message: 'ignored (requires pruning)', requiresPruning: true });
          continue;
        }
        try {
          results.push({ ...child, action: 'pruned', message: await this.children.remove(child.kind, parent, child.name) });
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          results.push({ ...child, action: 'failed', message: `not pruned: ${error.message}` });
        }
      }
    }
    if (results.some((r) => r.action === 'pruned')) this.logger.log(`Application ${parent}: pruned ${results.filter((r) => r.action === 'pruned').map((r) => `${r.kind} ${r.name}`).join(', ')}`);
    return results;
  }

  /** The rendered manifest as it would be stored, compared with the stored one (an invalid one never matches). */
  private async sameAsStored(child: Child, stored: unknown): Promise<boolean> {
    const desired = child.kind === 'AppProject' ? await this.children.checked(child.kind, child.body, new Map()).catch(() => undefined) : child.body;
    return desired !== undefined && diffFields(stored, desired, '').length === 0;
  }
}

/** The rendered children, one per kind and name (the first wins, as a duplicate resource does in the sync engine). */
function childrenOf(desired: readonly KubeObject[]): Child[] {
  const seen = new Set<string>();
  const children: Child[] = [];
  for (const body of desired) {
    const child = { kind: body.kind as HubKind, name: typeof body.metadata?.name === 'string' ? body.metadata.name : '', body };
    if (seen.has(`${child.kind}/${child.name}`)) continue;
    seen.add(`${child.kind}/${child.name}`);
    children.push(child);
  }
  return children;
}

function unrendered(owned: Record<HubKind, OwnedChildren>, desired: readonly KubeObject[]): { kind: HubKind; name: string }[] {
  const rendered = new Set(desired.map((object) => `${object.kind}/${object.metadata?.name}`));
  return WRITE_ORDER.flatMap((kind) => [...owned[kind].keys()].filter((name) => !rendered.has(`${kind}/${name}`)).map((name) => ({ kind, name })));
}

/** Names the child and the first field the REST API's check named. */
function invalidMessage(child: Child, error: unknown): string {
  if (!(error instanceof DomainError)) throw error;
  const detail = error.details?.[0];
  const where = detail ? `${detail.field}: ${detail.reason}` : error.message;
  return `${child.kind} "${child.name || '(no name)'}" is invalid: ${where}`;
}

function result(child: Child, action: HubChildResult['action'], message: string): HubChildResult {
  return { kind: child.kind, name: child.name, action, message };
}

function outcome(resources: HubChildResult[]): HubSyncOutcome {
  const failed = resources.filter((r) => r.action === 'failed');
  return {
    phase: failed.length > 0 ? 'Failed' : 'Succeeded',
    message: failed.length > 0 ? failed.map((r) => `${r.kind} ${r.name}: ${r.message}`).join('; ') : `${resources.length} hub object(s) synced`,
    resources,
    rejected: false,
  };
}
