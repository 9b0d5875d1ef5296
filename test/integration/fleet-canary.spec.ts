import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock/fake-clock';
import { at, call } from '../kube-api/http';
import { startFleet, stepOn, type Fleet, type Rollout } from '../support/fleet-rollouts';
import type { KubeApiServer } from '../support/kube-api';
import { argoRolloutsCrd } from '../support/kube-api/fixtures';

const SET = 'my-api-canary';
const SETTLE_MS = 1_000;
// The overlay's `pause: {duration: 10s}` steps last one tick of simulated time.
const ROLLOUT_TIME_SCALE = 0.1;
const FIRST_WAVE = 'my-api-canary-a';
const SECOND_WAVE = ['my-api-canary-b', 'my-api-canary-c'];
const ALL = [FIRST_WAVE, ...SECOND_WAVE];
const ROLLOUT_PATH = '/apis/argoproj.io/v1alpha1/namespaces/production/rollouts/my-api';

interface AppView {
  status: { sync: { status: string }; health: { status: string; message?: string } };
}

/**
 * A fleet-wide Argo Rollouts canary: three test clusters running Argo Rollouts (its CRD installed, the test server's
 * simulated controller walking each canary on the shared fake clock) get the example overlay `production-canary`
 * through a RollingSync set — canary-a first, then canary-b and canary-c together. Every cluster's Rollout walks
 * its canary steps (20 %, pause, 60 %, pause, 100 %); the fleet step is done only when every canary of it is fully
 * promoted, and one canary aborting (a `broken` image) halts the fleet rollout before the next wave.
 */
describe('a fleet-wide Argo Rollouts canary through a RollingSync set', () => {
  const clock = new FakeClock('2026-06-01T08:00:00Z');
  let fleet: Fleet;

  const server = (app: string): KubeApiServer => fleet.clusters[app.slice('my-api-'.length)];
  const liveRollout = async (app: string) => (await call(server(app), ROLLOUT_PATH)).json;
  const imageOf = async (app: string) => at(await liveRollout(app), 'spec.template.spec.containers.0.image');
  const healthOf = async (app: string) => {
    const { health } = (await fleet.get<AppView>(`/api/v1/applications/${app}`)).status;
    return health.message ? `${health.status}: ${health.message}` : health.status;
  };

  beforeAll(async () => {
    fleet = await startFleet({
      clock,
      settleMs: SETTLE_MS,
      clusters: [
        { name: 'canary-a', env: 'production', labels: { wave: 'first' }, server: { rolloutTimeScale: ROLLOUT_TIME_SCALE } },
        { name: 'canary-b', env: 'production', labels: { wave: 'second' }, server: { rolloutTimeScale: ROLLOUT_TIME_SCALE } },
        { name: 'canary-c', env: 'production', labels: { wave: 'second' }, server: { rolloutTimeScale: ROLLOUT_TIME_SCALE } },
      ],
      // What installing Argo Rollouts on each cluster does for the test server: its CRD, established at once.
      prepareCluster: async (kube) => {
        expect((await call(kube, '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { method: 'POST', body: argoRolloutsCrd() })).status).toBe(201);
        await clock.advance(0);
      },
    });
    const manifest = fleet.exampleSet();
    const spec = manifest.spec as { generators: { clusters: { selector: unknown } }[]; template: { metadata: { labels: Record<string, string> }; spec: { source: { path: string }; destination: { namespace: string } } } };
    spec.generators[0].clusters.selector = { matchLabels: { env: 'production' } };
    spec.template.metadata.labels.wave = '{{metadata.labels.wave}}';
    spec.template.spec.source.path = 'apps/my-api/overlays/production-canary';
    spec.template.spec.destination.namespace = 'production';
    (manifest.metadata as { name: string }).name = SET;
    (manifest.spec as Record<string, unknown>).strategy = { type: 'RollingSync', rollingSync: { steps: [stepOn(['first'], {}, 'wave'), stepOn(['second'], {}, 'wave')] } };
    await fleet.hub.http.post('/api/v1/applicationsets').set(fleet.auth).send(manifest).expect(201);
  });

  afterAll(async () => {
    await fleet?.close();
  });

  it('deploys the Rollouts wave by wave (a first revision skips the canary steps)', async () => {
    await fleet.tick();
    const first = await fleet.rollout((await fleet.latest(SET)).id);
    expect(first.applications.map((t) => t.application)).toEqual(ALL);
    const done = await fleet.settledIn(first.id, ['Completed']);
    expect(done.steps.map((step) => step.state)).toEqual(['Completed', 'Completed']);
    for (const app of ALL) {
      expect(at(await liveRollout(app), 'status.phase')).toBe('Healthy');
      expect(await healthOf(app)).toBe('Healthy');
    }
  }, 60_000);

  describe('a new image', () => {
    let release: Rollout;
    // What each application looked like after every tick: its health as the hub reads it, its Rollout's step and
    // phase on the cluster, its rollout target's state, and which fleet step had started.
    const seen: Record<string, { health: string; canary: string; target: string; fleetStep: number }[]> = Object.fromEntries(ALL.map((app) => [app, []]));

    // Some twenty ticks of the fake clock, each a few HTTP round trips per cluster: room for a loaded machine.
    it('walks every cluster\'s canary through its steps while the fleet step waits for all of them', async () => {
      release = await fleet.rolloutOf(SET, () => fleet.release({ 'production-canary': 'v1.5.0' }));
      await fleet.tickUntil('the canary release to complete', async () => {
        const view = await fleet.rollout(release.id);
        const fleetStep = view.steps.filter((step) => step.state !== 'Waiting').length;
        for (const app of ALL) {
          const live = await liveRollout(app);
          seen[app].push({ health: await healthOf(app), canary: `${String(at(live, 'status.phase'))} at step ${String(at(live, 'status.currentStepIndex'))}`, target: fleet.target(view, app).state, fleetStep });
        }
        return view.state === 'Completed';
      });
      // Each cluster's Rollout went through its canary steps while its target was Progressing — the first pause,
      // 60 %, the second pause, 100 % — and only a fully promoted Rollout counted as Healthy.
      for (const app of ALL) {
        const underway = seen[app].filter((s) => s.target === 'Progressing');
        expect(underway.map((s) => s.health), app).toEqual([
          'Progressing: Waiting for rollout spec update to be observed',
          'Suspended: CanaryPauseStep',
          'Progressing: more replicas need to be updated',
          'Suspended: CanaryPauseStep',
          'Progressing: updated replicas are still becoming available',
        ]);
        expect(underway.slice(1).map((s) => s.canary), app).toEqual(['Paused at step 1', 'Progressing at step 2', 'Paused at step 3', 'Progressing at step 4']);
        expect(seen[app].at(-1), app).toMatchObject({ health: 'Healthy', canary: 'Healthy at step 4', target: 'Healthy' });
        expect(await imageOf(app)).toBe('myregistry.com/my-api:v1.5.0');
      }
      // While canary-a's canary ran (Progressing or Suspended in a pause), its target stayed Progressing and the
      // second wave had not started; the second wave never began before canary-a was fully promoted.
      const firstWaveUnderway = seen[FIRST_WAVE].filter((s) => s.health.startsWith('Suspended') || s.health.startsWith('Progressing'));
      expect(firstWaveUnderway.length).toBeGreaterThan(0);
      expect(firstWaveUnderway.every((s) => s.target === 'Progressing' && s.fleetStep === 1)).toBe(true);
      for (const app of SECOND_WAVE) expect(seen[app].filter((s) => s.fleetStep === 1).every((s) => s.target === 'Waiting' && s.canary === 'Healthy at step 4')).toBe(true);
      // The sync history proves it too: each second-wave sync of this release started after canary-a was Healthy.
      const done = await fleet.rollout(release.id);
      const firstHealthy = Date.parse(fleet.target(done, FIRST_WAVE).healthySince!);
      const secondRuns = (await Promise.all(SECOND_WAVE.map(fleet.history))).flat().filter((run) => run.rollout === release.id);
      expect(secondRuns).toHaveLength(2);
      expect(secondRuns.every((run) => run.phase === 'Succeeded' && Date.parse(run.startedAt) >= firstHealthy)).toBe(true);
      // The second wave's canaries ran side by side (no maxUpdate: the whole step at once), and the step waited for both.
      const both = seen[SECOND_WAVE[0]].map((s, i) => [s.health.split(':')[0], seen[SECOND_WAVE[1]][i].health.split(':')[0]]);
      expect(both.some(([b, c]) => b !== 'Healthy' && c !== 'Healthy')).toBe(true);
      const secondDone = Math.max(...SECOND_WAVE.map((app) => Date.parse(fleet.target(done, app).healthySince!)));
      expect(Date.parse(done.steps[1].completedAt ?? done.steps[1].healthySince!)).toBeGreaterThanOrEqual(secondDone);
    }, 120_000);
  });

  it('a broken image aborts one cluster\'s canary: Degraded, the fleet rollout halts naming it, the next wave never starts', async () => {
    const broken = await fleet.rolloutOf(SET, () => fleet.release({ 'production-canary': 'v1.6.0-broken' }));
    const halted = await fleet.settledIn(broken.id, ['Halted']);
    expect(halted.reason).toMatch(/^step 1 failed: my-api-canary-a on cluster canary-a: Degraded: RolloutAborted: Rollout aborted update to revision \d+: ReplicaSet "my-api-[a-z0-9]{10}" has timed out progressing\./);
    expect(halted.steps.map((step) => step.state)).toEqual(['Failed', 'Waiting']);
    expect(halted.applications.map((t) => [t.application, t.state])).toEqual([
      [FIRST_WAVE, 'Failed'],
      [SECOND_WAVE[0], 'Waiting'],
      [SECOND_WAVE[1], 'Waiting'],
    ]);
    // On canary-a, Argo Rollouts aborted the canary and runs the stable version.
    const aborted = await liveRollout(FIRST_WAVE);
    expect(at(aborted, 'status.abort')).toBe(true);
    expect(at(aborted, 'status.phase')).toBe('Degraded');
    expect(await healthOf(FIRST_WAVE)).toMatch(/^Degraded: RolloutAborted/);
    // Later steps never start, however long it stays halted: the second wave keeps the previous release.
    for (let i = 0; i < 5; i++) await fleet.tick();
    expect((await fleet.rollout(broken.id)).state).toBe('Halted');
    for (const app of SECOND_WAVE) {
      expect((await fleet.history(app)).filter((run) => run.rollout === broken.id)).toEqual([]);
      expect(await imageOf(app)).toBe('myregistry.com/my-api:v1.5.0');
      expect(await healthOf(app)).toBe('Healthy');
    }
  }, 60_000);
});
