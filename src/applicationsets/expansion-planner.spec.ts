import { describe, expect, it } from 'vitest';
import { buildCluster, buildContext } from './engine/testing/builders';
import { type ExistingState, type NameHolder, planExpansion } from './expansion-planner';

const cluster = buildCluster('prod');

// A list set generating "web" and "api" on one cluster, in the permissive default project.
const manifest = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'ApplicationSet',
  metadata: { name: 'fleet' },
  spec: {
    generators: [{ list: { elements: [{ app: 'web' }, { app: 'api' }] } }],
    template: {
      metadata: { name: '{{app}}' },
      spec: { project: 'default', source: { repoURL: 'https://127.0.0.1:9/fleet.git', path: '{{app}}' }, destination: { server: cluster.server, namespace: 'apps' } },
    },
  },
};

function existing(holders: Record<string, NameHolder>): ExistingState {
  return {
    rows: [],
    manifestsOf: async () => [],
    ownersOf: async (names) => new Map(names.filter((name) => holders[name]).map((name) => [name, holders[name]])),
  };
}

describe('planExpansion and names held outside the set', () => {
  it('rejects a name an application created by hand holds, and neither updates nor adopts it', async () => {
    const plan = await planExpansion({
      setName: 'fleet',
      manifest,
      context: buildContext([cluster]),
      existing: existing({ web: { applicationSet: null, orphanedFrom: null, origin: 'manual' } }),
      deletionBudgetPercent: 25,
    });
    if (!plan.ok) throw new Error(plan.message);
    expect(plan.rejected).toEqual([{ name: 'web', reason: 'an application of this name was created directly (POST /api/v1/applications) and belongs to no ApplicationSet' }]);
    expect(plan.plan.create.map((app) => app.metadata.name)).toEqual(['api']);
    expect(plan.plan.update).toEqual([]);
    expect(plan.adopted.size).toBe(0);
  });

  it('does not refuse the name of its own orphan (it adopts it back)', async () => {
    const plan = await planExpansion({
      setName: 'fleet',
      manifest,
      context: buildContext([cluster]),
      existing: existing({ web: { applicationSet: null, orphanedFrom: 'fleet', origin: 'ApplicationSet' } }),
      deletionBudgetPercent: 25,
    });
    expect(plan.ok && plan.rejected).toEqual([]);
  });

  it('rejects a name being deleted, its own set\'s included, creating nothing in its place', async () => {
    const plan = await planExpansion({
      setName: 'fleet',
      manifest,
      context: buildContext([cluster]),
      existing: existing({ web: { applicationSet: 'fleet', orphanedFrom: null, origin: 'ApplicationSet', beingDeleted: true } }),
      deletionBudgetPercent: 25,
    });
    if (!plan.ok) throw new Error(plan.message);
    expect(plan.rejected).toEqual([{ name: 'web', reason: 'an application of this name is being deleted (its resources are being removed); it is created again once that finished' }]);
    expect(plan.plan.create.map((app) => app.metadata.name)).toEqual(['api']);
    expect(plan.plan.delete).toEqual([]);
  });
});
