import { describe, expect, it } from 'vitest';
import type { ApplicationRepository, GeneratedApplication } from '../repositories/application.repository';
import type { Clock } from '../clock/clock';
import type { AppConfig } from '../config/app-config';
import type { ApplicationSetEntity } from '../database/entities/application-set.entity';
import { type FleetChange, FleetEvents } from '../events/fleet-events';
import { initialStatus, type ApplicationSetStatus } from './application-set-status';
import type { ApplicationSetRepository } from '../repositories/application-set.repository';
import { ApplicationSetReconciler } from './application-set.reconciler';
import type { ExpansionContextService } from './expansion-context.service';
import { buildAppSet, buildCluster } from './engine/testing/builders';
import { expand, type ExpansionContext, type GitTreeSource } from './engine';
import { expandAsStored } from './checked-expansion';
import { fingerprintOf } from './fingerprint';
import { asStoredInJsonb } from './stored-manifest';

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

/** A set stored as `stored` (as jsonb gives it back) with no applications yet; records the rows a pass inserts. */
function firstPassHarness(stored: unknown) {
  const set: ApplicationSetEntity = {
    id: 'id-1',
    name: 'fleet',
    manifest: stored as Record<string, unknown>,
    parentApplication: null,
    generation: 1,
    status: initialStatus(),
    createdAt: new Date(0),
    updatedAt: new Date(0),
  };
  const inserted: GeneratedApplication[] = [];
  const sets = { findByName: async () => set, updateStatus: async () => undefined, transaction: async (work: (manager: unknown) => Promise<unknown>) => work({}) } as unknown as ApplicationSetRepository;
  const applications = {
    listOwnership: async () => [],
    ownersOf: async () => new Map(),
    manifestsOf: async () => [],
    insertMany: async (_manager: unknown, _set: string, _status: unknown, rows: Iterable<GeneratedApplication>) => {
      inserted.push(...rows);
    },
    updateMany: async () => undefined,
    adoptAll: async () => undefined,
    deleteByNames: async () => undefined,
    markForDeletion: async () => [],
  } as unknown as ApplicationRepository;
  // A pass given create's check uses the registry the check read.
  const contexts = { load: async () => Promise.reject(new Error('the registry is read again')) } as unknown as ExpansionContextService;
  const clock = { now: () => new Date('2026-11-26T00:00:00Z') } as Clock;
  const config = { applicationSets: { deletionBudgetPercent: 25 } } as AppConfig;
  const reconciler = new ApplicationSetReconciler(sets, applications, contexts, clock, config, new FleetEvents(), { expanded: () => undefined });
  return { reconciler, inserted };
}

describe('ApplicationSetReconciler, the pass after create or replace', () => {
  const alpha = buildCluster('alpha');
  const context: ExpansionContext = { clusters: [alpha] };
  // The template's keys in the order a user writes them, which jsonb's order (shorter keys first) is not.
  const body = (element: string) => buildAppSet([{ list: { elements: [{ name: element, server: alpha.server }] } }]);

  it('writes the applications the check expanded, with the fingerprints a later pass of the stored manifest computes', async () => {
    const checked = await expandAsStored(body('alpha'), context);
    const { reconciler, inserted } = firstPassHarness(asStoredInJsonb(body('alpha')));
    await reconciler.reconcile('fleet', { checked });
    const later = await expand(asStoredInJsonb(body('alpha')), context);
    if (!later.ok) throw new Error(later.message);
    expect(inserted.map((row) => [row.name, row.fingerprint])).toEqual([['alpha-app', fingerprintOf(later.applications[0])]]);
    // The request body as given would have fingerprinted differently: that is why the check expands the stored form.
    const asGiven = await expand(body('alpha'), context);
    expect(asGiven.ok && fingerprintOf(asGiven.applications[0])).not.toBe(inserted[0].fingerprint);
  });

  it('does not expand again when the stored manifest reads back as the one checked', async () => {
    const checked = await expandAsStored(body('alpha'), context);
    // Marked, so the rows show which expansion was written.
    if (checked.result.ok) checked.result.applications[0].metadata.labels = { expandedBy: 'check' };
    const { reconciler, inserted } = firstPassHarness(asStoredInJsonb(body('alpha')));
    await reconciler.reconcile('fleet', { checked });
    expect(inserted.map((row) => row.labels)).toEqual([{ expandedBy: 'check' }]);
  });

  it.each([
    { name: 'the stored manifest is not the one checked (replaced meanwhile)', stored: asStoredInJsonb(body('beta')), failed: false, want: ['beta-app'] },
    { name: 'the check expansion failed (it is tried again)', stored: asStoredInJsonb(body('alpha')), failed: true, want: ['alpha-app'] },
  ])('expands the stored manifest when $name', async ({ stored, failed, want }) => {
    const checked = await expandAsStored(body('alpha'), context);
    if (failed) checked.result = { ok: false, code: 'GeneratorFailed', message: 'the plugin did not answer', issues: [] };
    else if (checked.result.ok) checked.result.applications[0].metadata.labels = { expandedBy: 'check' };
    const { reconciler, inserted } = firstPassHarness(stored);
    await reconciler.reconcile('fleet', { checked });
    expect(inserted.map((row) => row.name)).toEqual(want);
    expect(inserted.map((row) => row.labels)).toEqual([{}]);
  });
});
