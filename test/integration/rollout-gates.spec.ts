import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock/fake-clock';
import { clusterBody } from '../support/builders';
import { startFleet, stepOn, withSteps, type Fleet } from '../support/fleet-rollouts';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api';

const SET = 'my-api-rollout';
const STAGING = 'my-api-staging-eu';
const PRODUCTION = 'my-api-prod-eu';
const SLOW = 'my-api-prod-slow';
const SETTLE_MS = 1_000;
// The clock starts as the morning's production freeze opens; it lasts ten minutes.
const START = '2026-06-01T08:00:00Z';
const FREEZE_ENDS = '2026-06-01T08:10:00.000Z';
const FREEZE = { kind: 'deny', schedule: '0 8 * * *', duration: '10m', timeZone: 'UTC', namespaces: ['production'], description: 'production morning freeze' };

/**
 * The gates a rollout step waits at besides approval and bake (rollouts.spec.ts covers those): a deny sync window on
 * the AppProject holds the start of a step, and an application that stays Progressing (its cluster answers, its
 * workload never becomes available) fails its step at the progress deadline. rollouts.spec.ts covers the offline
 * cluster (health Unknown) against the deadline; this one is a cluster that is online and slow.
 */
describe('rollout steps wait for sync windows and fail at the progress deadline', () => {
  const clock = new FakeClock(START);
  let fleet: Fleet;
  let manifest: Record<string, unknown>;
  let slow: KubeApiServer | undefined;

  beforeAll(async () => {
    fleet = await startFleet({
      clock,
      settleMs: SETTLE_MS,
      clusters: [
        { name: 'staging-eu', env: 'staging' },
        { name: 'prod-eu', env: 'production' },
      ],
      project: (project) => {
        project.spec.syncWindows = [FREEZE];
      },
    });
    manifest = withSteps(fleet.exampleSet(), [stepOn(['staging']), stepOn(['production'], { maxUpdate: '50%' })]);
  });

  afterAll(async () => {
    await Promise.all([fleet?.close(), slow?.stop()]);
  });

  it('a deny window holds the start of a step: the rollout says which application, which window and until when', async () => {
    await fleet.hub.http.post('/api/v1/applicationsets').set(fleet.auth).send(manifest).expect(201);
    await fleet.tick();
    const first = await fleet.rollout((await fleet.latest(SET)).id);
    // Staging is outside the window: its step runs and completes; production's step cannot start.
    await fleet.tickUntil('step 2 blocked', async () => (await fleet.rollout(first.id)).steps[1].state === 'Blocked');
    const blocked = await fleet.rollout(first.id);
    const why = `${PRODUCTION} on cluster prod-eu: blocked by sync window: deny window "production morning freeze" is open; it can run from ${FREEZE_ENDS}`;
    expect(blocked).toMatchObject({ state: 'Progressing', reason: `step 2 cannot start: ${why}` });
    expect(blocked.steps.map((step) => [step.state, step.message])).toEqual([
      ['Completed', null],
      ['Blocked', why],
    ]);
    expect(fleet.target(blocked, STAGING).state).toBe('Healthy');
    expect(fleet.target(blocked, PRODUCTION).state).toBe('Waiting');
    // The set shows it too, as Argo CD's per-application status would.
    const set = await fleet.get<{ status: { conditions: { type: string; status: string; message: string }[] } }>(`/api/v1/applicationsets/${SET}`);
    expect(set.status.conditions.find((c) => c.type === 'RolloutProgressing')).toMatchObject({ status: 'True' });

    // Held for as long as the window is open: nothing is synced in production, however many passes run.
    await fleet.tick(Date.parse(FREEZE_ENDS) - clock.now().getTime() - SETTLE_MS);
    expect(clock.now().toISOString()).toBe('2026-06-01T08:09:59.000Z');
    const stillBlocked = await fleet.rollout(first.id);
    expect(stillBlocked.steps[1]).toMatchObject({ state: 'Blocked', message: why });
    expect(await fleet.history(PRODUCTION)).toEqual([]);
    expect(stillBlocked.events.filter((event) => event.action === 'StepStarted').map((event) => event.details.step)).toEqual([1]);

    // The first pass once it closes starts the step; production is synced and the rollout completes.
    await fleet.tick();
    const started = await fleet.rollout(first.id);
    expect(started).toMatchObject({ state: 'Progressing', reason: null });
    expect(started.steps[1].state).toBe('Progressing');
    const done = await fleet.settledIn(first.id, ['Completed']);
    const runs = await fleet.history(PRODUCTION);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ trigger: 'rollout', rollout: first.id, revision: fleet.repo.head(), phase: 'Succeeded' });
    expect(Date.parse(runs[0].startedAt)).toBeGreaterThanOrEqual(Date.parse(FREEZE_ENDS));
    expect(done.events.filter((event) => event.action === 'StepStarted').map((event) => event.details.step)).toEqual([1, 2]);
  }, 60_000);

  it('an application that stays Progressing on an online cluster fails its step at the progress deadline, named with its cluster', async () => {
    // A cluster whose workloads take an hour to become available: it answers, the Deployment stays Progressing.
    slow = await startKubeApiServer({ name: 'prod-slow', clock, controllerDelayMs: 3_600_000 });
    const body = clusterBody({ name: 'prod-slow', server: slow.server, labels: { env: 'production' }, credentials: { bearerToken: slow.token }, tls: { caData: slow.caData } });
    await fleet.hub.http.post('/api/v1/clusters').set(fleet.auth).send(body).expect(201);
    manifest = withSteps(manifest, [stepOn(['staging']), stepOn(['production'], { maxUpdate: '50%', progressDeadline: '2m' })]);
    const slowRollout = await fleet.rolloutOf(SET, () => fleet.hub.http.put(`/api/v1/applicationsets/${SET}`).set(fleet.auth).send(manifest).expect(200));
    expect(slowRollout.applications.map((t) => t.application).sort()).toEqual([PRODUCTION, SLOW, STAGING]);

    await fleet.tickUntil('the slow application synced and Progressing', async () => {
      const target = fleet.target(await fleet.rollout(slowRollout.id), SLOW);
      return target.state === 'Progressing' && /Synced and Progressing/.test(target.message ?? '');
    });
    const progressing = fleet.target(await fleet.rollout(slowRollout.id), SLOW);
    expect(progressing.message).toMatch(/^my-api-prod-slow on cluster prod-slow: Synced and Progressing/);
    const app = await fleet.get<{ status: { sync: { status: string }; health: { status: string } } }>(`/api/v1/applications/${SLOW}`);
    expect(app.status).toMatchObject({ sync: { status: 'Synced' }, health: { status: 'Progressing' } });
    expect((await fleet.history(SLOW))[0]).toMatchObject({ trigger: 'rollout', rollout: slowRollout.id, phase: 'Succeeded' });

    // Up to the deadline it waits; at the deadline the rollout halts, naming the application and its cluster.
    const deadline = Date.parse(progressing.deadlineAt!);
    await fleet.tick(deadline - clock.now().getTime() - SETTLE_MS);
    expect((await fleet.rollout(slowRollout.id)).state).toBe('Progressing');
    await fleet.tick();
    const halted = await fleet.rollout(slowRollout.id);
    expect(halted.state).toBe('Halted');
    expect(halted.reason).toMatch(/^step 2 failed: not Healthy within the progress deadline \(2m\): my-api-prod-slow on cluster prod-slow: Synced and Progressing/);
    expect(halted.reason).not.toMatch(/Unknown/);
    expect(halted.steps.map((step) => step.state)).toEqual(['Completed', 'Failed']);
    expect(fleet.target(halted, SLOW).state).toBe('Failed');
    expect(halted.events.map((event) => event.action).slice(-2)).toEqual(['ApplicationFailed', 'Halted']);
    // Halted stays halted: more passes start nothing.
    const runsBefore = (await Promise.all([STAGING, PRODUCTION, SLOW].map(fleet.history))).flat().length;
    for (let i = 0; i < 3; i++) await fleet.tick();
    expect((await Promise.all([STAGING, PRODUCTION, SLOW].map(fleet.history))).flat().length).toBe(runsBefore);
    expect((await fleet.rollout(slowRollout.id)).state).toBe('Halted');
  }, 60_000);
});
