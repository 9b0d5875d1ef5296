import { describe, expect, it } from 'vitest';
import type { ApplicationRepository } from '../repositories/application.repository';
import type { Clock } from '../clock/clock';
import type { AppConfig } from '../config/app-config';
import type { ApplicationSetEntity } from '../database/entities/application-set.entity';
import { type FleetChange, FleetEvents } from '../events/fleet-events';
import { initialStatus, type ApplicationSetStatus } from './application-set-status';
import type { ApplicationSetRepository } from '../repositories/application-set.repository';
import { ApplicationSetReconciler } from './application-set.reconciler';
import type { ExpansionContextService } from './expansion-context.service';
import { buildAppSet } from './engine/testing/builders';
import type { ExpansionContext, GitTreeSource } from './engine';

/** Fakes at the repository and context seams: the reconciler's own rules, no database. */
function harness(contextLoad: () => Promise<ExpansionContext>, manifest: Record<string, unknown> = {}, owned: string[] = []) {
  const set: ApplicationSetEntity = {
    id: 'id-1',
    name: 'fleet',
    manifest,
    parentApplication: null,
    generation: 3,
    status: { ...initialStatus(), desired: 7 },
    createdAt: new Date(0),
    updatedAt: new Date(0),
  };
  const statusWrites: ApplicationSetStatus[] = [];
  const applicationCalls: string[] = [];
  const sets = {
    findByName: async () => set,
    updateStatus: async (_id: string, status: ApplicationSetStatus) => {
      statusWrites.push(status);
    },
    transaction: async () => {
      throw new Error('no transaction may start');
    },
  } as unknown as ApplicationSetRepository;
  const applications = new Proxy({}, {
    get: (_target, key) => async () => {
      applicationCalls.push(String(key));
      return key === 'listOwnership' ? owned.map((name) => ({ name, applicationSet: 'fleet', orphanedFrom: null, fingerprint: 'f' })) : [];
    },
  }) as ApplicationRepository;
  const contexts = { load: contextLoad } as unknown as ExpansionContextService;
  const clock = { now: () => new Date('2026-11-26T00:00:00Z') } as Clock;
  const config = { applicationSets: { deletionBudgetPercent: 25 } } as AppConfig;
  const events = new FleetEvents();
  const emitted: FleetChange[] = [];
  events.subscribe((change) => emitted.push(change));
  const expansions: string[] = [];
  const metrics = { expanded: (outcome: string) => expansions.push(outcome) };
  return { reconciler: new ApplicationSetReconciler(sets, applications, contexts, clock, config, events, metrics), statusWrites, applicationCalls, emitted, expansions };
}

describe('ApplicationSetReconciler', () => {
  it('changes nothing when the cluster registry cannot be read, and says so in a condition', async () => {
    const { reconciler, statusWrites, applicationCalls, emitted, expansions } = harness(async () => {
      throw new Error('connection terminated');
    });
    const outcome = await reconciler.reconcile('fleet');
    // No expansion ran: there was nothing to expand against.
    expect(expansions).toEqual([]);
    expect(applicationCalls).toEqual([]);
    expect(emitted).toEqual([]);
    expect(statusWrites).toHaveLength(1);
    expect(statusWrites[0]).toMatchObject({
      observedGeneration: 3,
      desired: 7,
      conditions: [
        { type: 'ErrorOccurred', status: 'True', reason: 'ClusterListUnavailable', lastTransitionTime: '2026-11-26T00:00:00.000Z' },
        { type: 'ParametersGenerated', status: 'False', reason: 'ClusterListUnavailable' },
      ],
    });
    expect(outcome?.writes).toBe(1);
  });

  it('fails the whole set on a Git error: nothing is created or deleted, the condition says why', async () => {
    const git: GitTreeSource = {
      resolve: async () => {
        throw new Error('repository https://***@git.local/fleet: git ls-remote failed: authentication failed');
      },
      listTree: async () => [],
      readFile: async () => new Uint8Array(),
    };
    const manifest = buildAppSet([{ git: { repoURL: 'https://bot@git.local/fleet.git', revision: 'main', directories: [{ path: 'apps/*' }] } }]);
    // Two applications exist: an expansion mistaken for "no directories" would delete both.
    const { reconciler, statusWrites, applicationCalls, emitted, expansions } = harness(async () => ({ clusters: [], git }), manifest as unknown as Record<string, unknown>, ['web', 'api']);
    const outcome = await reconciler.reconcile('fleet');
    expect(expansions).toEqual(['failure']);
    expect(applicationCalls.filter((call) => call !== 'listOwnership')).toEqual([]);
    expect(emitted).toEqual([]);
    expect(statusWrites).toHaveLength(1);
    expect(statusWrites[0]).toMatchObject({
      desired: 7,
      conditions: [
        { type: 'ErrorOccurred', status: 'True', reason: 'GeneratorFailed', message: expect.stringContaining('spec.generators[0].git: repository https://***@git.local/fleet: git ls-remote failed') },
        { type: 'ParametersGenerated', status: 'False', reason: 'GeneratorFailed' },
      ],
    });
    expect(outcome?.writes).toBe(1);
  });
});
