import { describe, expect, it } from 'vitest';
import { DomainError } from '../common/errors/domain-error';
import type { HubKind } from '../reconcile/hub-objects';
import type { KubeObject } from '../sync';
import type { AdoptedChildren, OwnedChildren } from './adopted-children';
import { HubAdoption } from './hub-adoption';

const child = (kind: HubKind, name: string, spec: Record<string, unknown> = {}): KubeObject => ({ apiVersion: 'argoproj.io/v1alpha1', kind, metadata: { name, namespace: 'argocd' }, spec });

/** The seam: what the parent owns and who holds other names, in memory; writes and removals are recorded. */
class FakeChildren {
  readonly owned: Record<HubKind, OwnedChildren> = { AppProject: new Map(), ApplicationSet: new Map(), Application: new Map() };
  readonly heldByOthers = new Set<string>();
  readonly invalid = new Map<string, string>();
  readonly calls: string[] = [];

  ownedBy() {
    return Promise.resolve(this.owned);
  }

  heldElsewhere(kind: HubKind, name: string) {
    return Promise.resolve(this.heldByOthers.has(`${kind}/${name}`) ? `${kind} "${name}" exists and is not managed by an Application` : undefined);
  }

  checked(kind: HubKind, body: KubeObject) {
    const field = this.invalid.get(`${kind}/${body.metadata.name}`);
    if (field) return Promise.reject(new DomainError('ValidationFailed', 'Invalid', [{ field, reason: 'is wrong' }]));
    return Promise.resolve(body);
  }

  write(kind: HubKind, _parent: string, body: KubeObject) {
    this.calls.push(`write ${kind}/${body.metadata.name}`);
    return Promise.resolve();
  }

  remove(kind: HubKind, _parent: string, name: string) {
    this.calls.push(`remove ${kind}/${name}`);
    return Promise.resolve('pruned');
  }
}

function harness() {
  const children = new FakeChildren();
  return { children, adoption: new HubAdoption(children as unknown as AdoptedChildren) };
}

describe('HubAdoption', () => {
  it('compares: same manifest Synced, changed OutOfSync, held elsewhere Missing with the conflict, unrendered requires pruning', async () => {
    const { children, adoption } = harness();
    children.owned.Application.set('same', child('Application', 'same'));
    children.owned.Application.set('changed', child('Application', 'changed', { project: 'old' }));
    children.owned.AppProject.set('stale', child('AppProject', 'stale'));
    children.heldByOthers.add('Application/taken');
    const statuses = await adoption.compare('root', [child('Application', 'same'), child('Application', 'changed', { project: 'new' }), child('Application', 'taken'), child('ApplicationSet', 'new')]);
    expect(statuses).toEqual([
      { kind: 'Application', name: 'same', status: 'Synced' },
      { kind: 'Application', name: 'changed', status: 'OutOfSync' },
      { kind: 'Application', name: 'taken', status: 'Missing', conflict: 'Application "taken" exists and is not managed by an Application' },
      { kind: 'ApplicationSet', name: 'new', status: 'Missing' },
      { kind: 'AppProject', name: 'stale', status: 'OutOfSync', requiresPruning: true },
    ]);
  });

  it('writes projects, then sets, then applications; prunes in the reverse order', async () => {
    const { children, adoption } = harness();
    children.owned.AppProject.set('old-project', child('AppProject', 'old-project'));
    children.owned.Application.set('old-app', child('Application', 'old-app'));
    const outcome = await adoption.sync('root', [child('Application', 'a'), child('ApplicationSet', 's'), child('AppProject', 'p')], { prune: true, dryRun: false });
    expect(outcome.phase).toBe('Succeeded');
    expect(children.calls).toEqual(['write AppProject/p', 'write ApplicationSet/s', 'write Application/a', 'remove Application/old-app', 'remove AppProject/old-project']);
  });

  it('without prune, lists what it would prune as requiring pruning and removes nothing', async () => {
    const { children, adoption } = harness();
    children.owned.Application.set('old-app', child('Application', 'old-app'));
    const outcome = await adoption.sync('root', [], { prune: false, dryRun: false });
    expect(outcome.resources).toEqual([{ kind: 'Application', name: 'old-app', action: 'unchanged', message: 'ignored (requires pruning)', requiresPruning: true }]);
    expect(children.calls).toEqual([]);
  });

  it('one invalid child rejects the whole sync, naming the child and the field, and writes nothing', async () => {
    const { children, adoption } = harness();
    children.owned.Application.set('old-app', child('Application', 'old-app'));
    children.invalid.set('Application/bad', 'spec.destination.namespace');
    const outcome = await adoption.sync('root', [child('AppProject', 'p'), child('Application', 'bad')], { prune: true, dryRun: false });
    expect(outcome).toMatchObject({ phase: 'Failed', rejected: true });
    expect(outcome.message).toContain('Application "bad" is invalid: spec.destination.namespace: is wrong');
    expect(outcome.resources).toEqual([{ kind: 'Application', name: 'bad', action: 'failed', message: 'Application "bad" is invalid: spec.destination.namespace: is wrong' }]);
    expect(children.calls).toEqual([]);
  });

  it('a conflict fails that child only; the others are written', async () => {
    const { children, adoption } = harness();
    children.heldByOthers.add('Application/taken');
    const outcome = await adoption.sync('root', [child('Application', 'taken'), child('Application', 'mine')], { prune: true, dryRun: false });
    expect(outcome).toMatchObject({ phase: 'Failed', rejected: false });
    expect(outcome.resources.map((r) => `${r.name}:${r.action}`)).toEqual(['taken:failed', 'mine:created']);
    expect(children.calls).toEqual(['write Application/mine']);
  });

  it('a dry run checks every child and writes nothing', async () => {
    const { children, adoption } = harness();
    const outcome = await adoption.sync('root', [child('Application', 'a')], { prune: true, dryRun: true });
    expect(outcome).toMatchObject({ phase: 'Succeeded', resources: [{ name: 'a', action: 'unchanged' }] });
    expect(children.calls).toEqual([]);
  });

  it('release prunes every child whatever the policy', async () => {
    const { children, adoption } = harness();
    children.owned.ApplicationSet.set('s', child('ApplicationSet', 's'));
    children.owned.Application.set('a', child('Application', 'a'));
    expect((await adoption.release('root')).phase).toBe('Succeeded');
    expect(children.calls).toEqual(['remove Application/a', 'remove ApplicationSet/s']);
  });
});
