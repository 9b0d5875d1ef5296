import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock/fake-clock';
import { ReconcileTriggers } from '../../src/reconcile/reconcile.triggers';
import { ReconcileWorker } from '../../src/reconcile/reconcile.worker';
import { at, call } from '../kube-api/http';
import { startFleet, stepOn, withSteps, type Fleet, type Rollout } from '../support/fleet-rollouts';
import type { GitTestRepo } from '../support/git-repo';
import type { KubeApiServer } from '../support/kube-api';
import { bearer, type TestHub } from '../support/test-hub';
import { EXAMPLE_CLUSTERS } from '../support/example-fleet';

const SET = 'my-api-rollout';
const CLUSTERS = EXAMPLE_CLUSTERS;
const STAGING = 'my-api-staging-eu';
const PRODUCTION = ['my-api-prod-eu', 'my-api-prod-us'];
/** The simulated controllers report a Deployment available (or stuck, for a `broken` image) this long after a change. */
const SETTLE_MS = 1_000;
// Ticks of simulated time a step may take; far more than any needs, so a stuck rollout fails the test quickly.
const MAX_TICKS = 40;

/**
 * Fleet rollouts end to end: a real hub on a fake clock, the example fleet repo in a local Git repository, and three
 * Kubernetes API test servers (staging-eu, prod-eu, prod-us) whose simulated controllers run on the same clock. The
 * set is the example's RollingSync set (staging, then production at maxUpdate 50%: one cluster at a time), with an
 * automated sync policy added to show that it is never what syncs them. Each test changes the set or commits, then
 * moves simulated time in ticks: the shard owner syncs and refreshes the applications a rollout waits on, and the
 * rollout pass plans and drives.
 */
describe('fleet rollouts over a real hub, Git repository and clusters', () => {
  const clock = new FakeClock('2026-06-01T08:00:00Z');
  let fleet: Fleet;
  let hub: TestHub;
  let repo: GitTestRepo;
  let clusters: Record<string, KubeApiServer>;
  let auth: Record<string, string>;
  let manifest: Record<string, unknown>;

  // The shared fleet harness (test/support/fleet-rollouts.ts), under the names this file's tests use.
  const get = <T>(url: string): Promise<T> => fleet.get<T>(url);
  const rollout = (id: string) => fleet.rollout(id);
  const latest = () => fleet.latest(SET);
  const history = (name: string) => fleet.history(name);
  const target = (view: Rollout, name: string) => fleet.target(view, name);
  const tick = (ms?: number) => fleet.tick(ms);
  const tickUntil = (what: string, done: () => Promise<boolean>) => fleet.tickUntil(what, done);
  const settledIn = (id: string, states: string[]) => fleet.settledIn(id, states);
  const reconcileDue = () => fleet.reconcileDue();
  /** Commits a new image tag for staging and production (each overlay may get its own). */
  const release = (staging: string, production = staging) => fleet.release({ staging, production });
  /** The rollout a change starts: the next rollout pass creates it. */
  const rolloutOf = (change: () => unknown) => fleet.rolloutOf(SET, change);
  const clusterOf = (app: string) => CLUSTERS.find((c) => app.endsWith(c.name))!;
  const imageOf = async (app: string) => {
    const cluster = clusterOf(app);
    return at((await call(clusters[cluster.name], `/apis/apps/v1/namespaces/${cluster.env}/deployments/my-api`)).json, 'spec.template.spec.containers.0.image');
  };
  const control = (id: string, action: string, token = auth) => hub.http.post(`/api/v1/rollouts/${id}/${action}`).set(token);

  const replaceSet = (steps: Record<string, unknown>[], extra: Record<string, unknown> = {}) => {
    manifest = withSteps(manifest, steps, extra);
    return hub.http.put(`/api/v1/applicationsets/${SET}`).set(auth).send(manifest).expect(200);
  };
  const stagingStep = (extra: Record<string, unknown> = {}) => stepOn(['staging'], extra);
  const productionStep = (extra: Record<string, unknown> = {}) => stepOn(['production'], { maxUpdate: '50%', ...extra });

  beforeAll(async () => {
    fleet = await startFleet({ clock, settleMs: SETTLE_MS, maxTicks: MAX_TICKS, clusters: CLUSTERS });
    ({ hub, repo, clusters, auth } = fleet);
    manifest = fleet.exampleSet();
    const template = (manifest.spec as { template: { spec: { syncPolicy: Record<string, unknown> } } }).template;
    template.spec.syncPolicy.automated = { prune: true, selfHeal: true };
  });

  afterAll(async () => {
    await fleet?.close();
  });

  it('never lets the automated policy sync an application of a RollingSync set, not even its first deployment', async () => {
    const created = await hub.http.post('/api/v1/applicationsets').set(auth).send(manifest).expect(201);
    expect(created.body.status.desired).toBe(3);
    await hub.app.get(ReconcileTriggers).settled();
    await clock.advance(SETTLE_MS);
    await reconcileDue();
    for (const name of [STAGING, ...PRODUCTION]) expect(await history(name)).toEqual([]);
    const app = (await get<{ status: { sync: { status: string } } }>(`/api/v1/applications/${PRODUCTION[0]}`)).status;
    expect(app.sync.status).toBe('OutOfSync');
  });

  it('deploys a new set through its first rollout: staging first, then production one cluster at a time', async () => {
    await tick();
    const first = await rollout((await latest()).id);
    expect(first).toMatchObject({ state: 'Progressing', revision: repo.head() });
    const done = await settledIn(first.id, ['Completed']);
    expect(done.applications.map((t) => t.state)).toEqual(['Healthy', 'Healthy', 'Healthy']);
    const stagingHealthy = Date.parse(target(done, STAGING).healthySince!);
    const productionRuns = (await Promise.all(PRODUCTION.map(history))).flat();
    expect(productionRuns.every((run) => run.trigger === 'rollout' && run.rollout === first.id && Date.parse(run.startedAt) >= stagingHealthy)).toBe(true);
  });

  describe('a commit', () => {
    let previous: string;
    let sha: string;
    let second: Rollout;

    it('rolls staging first, then production one cluster at a time: the sync history proves the order', async () => {
      previous = repo.head();
      second = await rolloutOf(() => (sha = release('v1.5.0')));
      expect(second).toMatchObject({ state: 'Progressing', revision: sha });
      expect(second.applications.map((t) => [t.application, t.state, t.previousRevision])).toEqual([
        [PRODUCTION[0], 'Waiting', previous],
        [PRODUCTION[1], 'Waiting', previous],
        [STAGING, 'Progressing', previous],
      ]);
      const done = await settledIn(second.id, ['Completed']);
      const runs = (await Promise.all([STAGING, ...PRODUCTION].map(history))).flat().filter((run) => run.rollout === second.id);
      expect(runs.every((run) => run.trigger === 'rollout' && run.revision === sha && run.phase === 'Succeeded')).toBe(true);
      const production = runs.filter((run) => run.application !== STAGING).sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
      expect(production).toHaveLength(2);
      // No production sync started before staging was Healthy at the new commit...
      const stagingHealthy = Date.parse(target(done, STAGING).healthySince!);
      expect(Date.parse(production[0].startedAt)).toBeGreaterThanOrEqual(stagingHealthy);
      // ...and the second started only once the first had finished and was Healthy (maxUpdate 50% of 2 = 1).
      expect(Date.parse(production[1].startedAt)).toBeGreaterThanOrEqual(Date.parse(production[0].finishedAt!));
      expect(Date.parse(production[1].startedAt)).toBeGreaterThanOrEqual(Date.parse(target(done, production[0].application).healthySince!));
      expect(await Promise.all([STAGING, ...PRODUCTION].map(imageOf))).toEqual(Array(3).fill('myregistry.com/my-api:v1.5.0'));
    });

    it('shows the progress on the set as Argo CD does, read from the rollout', async () => {
      const set = await get<{ status: { applicationStatus: unknown[]; conditions: { type: string }[] } }>(`/api/v1/applicationsets/${SET}`);
      expect(set.status.applicationStatus).toEqual(
        [...PRODUCTION, STAGING].map((application) => ({
          application,
          status: 'Healthy',
          step: application === STAGING ? '1' : '2',
          targetRevisions: [sha],
          message: `Healthy at ${sha.slice(0, 12)}`,
          lastTransitionTime: expect.any(String),
        })),
      );
      expect(set.status.conditions.find((c) => c.type === 'RolloutProgressing')).toMatchObject({ status: 'False', reason: 'ApplicationSetRolloutComplete' });
    });

    it('lists rollouts newest first, filtered by set and state', async () => {
      const completed = await get<{ items: { id: string; state: string; counts: Record<string, number> }[] }>(`/api/v1/rollouts?applicationSet=${SET}&state=Completed`);
      expect(completed.items.map((item) => item.id)[0]).toBe(second.id);
      expect(completed.items[0].counts).toMatchObject({ Healthy: 3, Waiting: 0 });
      expect((await get<{ items: unknown[] }>('/api/v1/rollouts?applicationSet=nope')).items).toEqual([]);
      await hub.http.get('/api/v1/rollouts?state=Done').set(auth).expect(400);
      await hub.http.get(`/api/v1/rollouts/${randomUUID()}`).set(auth).expect(404);
    });
  });

  describe('a broken release', () => {
    let good: string;
    let broken: Rollout;

    it('halts the rollout in staging, names the application and cluster, and production keeps its old revision', async () => {
      good = repo.head();
      broken = await rolloutOf(() => release('v1.6.0-broken'));
      const halted = await settledIn(broken.id, ['Halted']);
      expect(halted.reason).toMatch(/^step 1 failed: my-api-staging-eu on cluster staging-eu: Degraded/);
      expect(halted.steps.map((step) => step.state)).toEqual(['Failed', 'Waiting']);
      expect(target(halted, STAGING).state).toBe('Failed');
      // Later steps never start, however long it stays halted.
      for (let i = 0; i < 3; i++) await tick();
      for (const name of PRODUCTION) {
        expect((await history(name)).filter((run) => run.rollout === broken.id)).toEqual([]);
        expect(await imageOf(name)).toBe('myregistry.com/my-api:v1.5.0');
        expect((await get<{ status: { operationState: { revision: string } } }>(`/api/v1/applications/${name}`)).status.operationState.revision).toBe(good);
      }
      expect((await rollout(broken.id)).state).toBe('Halted');
    });

    it('is superseded by a fix commit, whose rollout completes', async () => {
      const fix = await rolloutOf(() => release('v1.6.1'));
      expect(await rollout(broken.id)).toMatchObject({ state: 'Superseded', supersededBy: fix.id });
      expect((await rollout(broken.id)).events.map((event) => event.action)).toEqual(['Created', 'StepStarted', 'ApplicationFailed', 'Halted', 'Superseded']);
      // The last revision each application was Healthy at is what a rollback would go back to.
      expect(fix.applications.map((t) => t.previousRevision)).toEqual([good, good, good]);
      await settledIn(fix.id, ['Completed']);
      expect(await Promise.all([STAGING, ...PRODUCTION].map(imageOf))).toEqual(Array(3).fill('myregistry.com/my-api:v1.6.1'));
    });
  });

  it('a template change is a change to roll out: self-heal never applies it early, a rollout takes it staging first', async () => {
    const original = manifest;
    const spec = manifest.spec as { template: { spec: { source: Record<string, unknown> } } };
    const source = { ...spec.template.spec.source, kustomize: { images: ['myregistry.com/my-api:v1.6.1-templated'] } };
    manifest = { ...manifest, spec: { ...spec, template: { ...spec.template, spec: { ...spec.template.spec, source } } } };
    await hub.http.put(`/api/v1/applicationsets/${SET}`).set(auth).send(manifest).expect(200);
    // The changed applications are reconciled at once, and by a full pass, with selfHeal on: none is synced.
    await hub.app.get(ReconcileTriggers).settled();
    await hub.app.get(ReconcileWorker).runPass();
    expect(await Promise.all([STAGING, ...PRODUCTION].map(imageOf))).toEqual(Array(3).fill('myregistry.com/my-api:v1.6.1'));
    const templated = await rolloutOf(() => undefined);
    expect(templated.revision).toBe(repo.head());
    const done = await settledIn(templated.id, ['Completed']);
    expect(await Promise.all([STAGING, ...PRODUCTION].map(imageOf))).toEqual(Array(3).fill('myregistry.com/my-api:v1.6.1-templated'));
    const stagingHealthy = Date.parse(target(done, STAGING).healthySince!);
    const production = (await Promise.all(PRODUCTION.map(history))).flat().filter((run) => run.rollout === templated.id);
    expect(production.map((run) => Date.parse(run.startedAt) >= stagingHealthy)).toEqual([true, true]);
    // Back to the plain template: another change, another rollout.
    manifest = original;
    const back = await rolloutOf(() => hub.http.put(`/api/v1/applicationsets/${SET}`).set(auth).send(manifest).expect(200));
    await settledIn(back.id, ['Completed']);
    expect(await Promise.all([STAGING, ...PRODUCTION].map(imageOf))).toEqual(Array(3).fill('myregistry.com/my-api:v1.6.1'));
  });

  it('pause stops new syncs while the one under way finishes; resume carries on; both are recorded', async () => {
    const paused = await rolloutOf(() => release('v1.7.0'));
    expect(target(paused, STAGING).state).toBe('Progressing');
    expect((await control(paused.id, 'pause').expect(200)).body).toMatchObject({ state: 'Paused', reason: 'paused by admin' });
    for (let i = 0; i < 4; i++) await tick();
    const view = await rollout(paused.id);
    expect(view.state).toBe('Paused');
    expect(target(view, STAGING).state).toBe('Healthy');
    // The step completes only once the rollout runs again.
    expect(view.steps.map((step) => step.state)).toEqual(['Progressing', 'Waiting']);
    for (const name of PRODUCTION) expect((await history(name)).filter((run) => run.rollout === paused.id)).toEqual([]);
    // Invalid transitions answer 409 with the current state; a viewer may not control rollouts.
    const again = await control(paused.id, 'pause').expect(409);
    expect(again.body).toEqual({ statusCode: 409, code: 'Conflict', message: 'The rollout is Paused; pause needs it Progressing or WaitingForApproval', details: [{ field: 'state', reason: 'Paused' }] });
    await control(paused.id, 'approve').expect(409);
    const viewer = (await hub.http.post('/api/v1/tokens').set(auth).send({ name: 'rollout-viewer', role: 'viewer' }).expect(201)).body.token as string;
    await control(paused.id, 'resume', bearer(viewer)).expect(403);
    await control(randomUUID(), 'resume').expect(404);
    expect((await control(paused.id, 'resume').expect(200)).body).toMatchObject({ state: 'Progressing', reason: null });
    await control(paused.id, 'resume').expect(409);
    const done = await settledIn(paused.id, ['Completed']);
    expect(done.events.filter((event) => event.action === 'Paused' || event.action === 'Resumed').map((event) => [event.action, event.actor])).toEqual([
      ['Paused', 'admin'],
      ['Resumed', 'admin'],
    ]);
  });

  it('abort stops the rollout for good: nothing new starts, the sync under way finishes, nothing is undone', async () => {
    const aborted = await rolloutOf(() => release('v1.8.0'));
    expect(target(aborted, STAGING).state).toBe('Progressing');
    expect((await control(aborted.id, 'abort').expect(200)).body).toMatchObject({ state: 'Aborted', reason: 'aborted by admin', finishedAt: expect.any(String) });
    await tickUntil('the staging sync under way to finish', async () => target(await rollout(aborted.id), STAGING).state === 'Healthy');
    for (let i = 0; i < 2; i++) await tick();
    const view = await rollout(aborted.id);
    expect(view.state).toBe('Aborted');
    expect(view.applications.filter((t) => t.application !== STAGING).map((t) => t.state)).toEqual(['Waiting', 'Waiting']);
    expect(await Promise.all([STAGING, ...PRODUCTION].map(imageOf))).toEqual(['myregistry.com/my-api:v1.8.0', 'myregistry.com/my-api:v1.7.0', 'myregistry.com/my-api:v1.7.0']);
    expect((await control(aborted.id, 'resume').expect(409)).body.message).toBe('The rollout is Aborted; resume needs it Paused');
    // The same change is not rolled out again: only a newer one starts a rollout.
    expect((await latest()).id).toBe(aborted.id);
  });

  it('approval: a step waits for POST …/approve, which records who approved it and when', async () => {
    await replaceSet([stagingStep(), productionStep({ approval: true })]);
    const approval = await rolloutOf(() => release('v1.9.0'));
    const waiting = await settledIn(approval.id, ['WaitingForApproval']);
    expect(waiting.reason).toBe('step 2 waits for approval');
    expect(waiting.steps.map((step) => step.state)).toEqual(['Completed', 'WaitingForApproval']);
    for (let i = 0; i < 2; i++) await tick();
    for (const name of PRODUCTION) expect((await history(name)).filter((run) => run.rollout === approval.id)).toEqual([]);
    const operator = (await hub.http.post('/api/v1/tokens').set(auth).send({ name: 'release-manager', role: 'operator' }).expect(201)).body.token as string;
    const approved = (await control(approval.id, 'approve', bearer(operator)).expect(200)).body as Rollout;
    expect(approved.state).toBe('Progressing');
    expect(approved.steps[1]).toMatchObject({ approvedBy: 'release-manager' });
    await control(approval.id, 'approve').expect(409);
    const done = await settledIn(approval.id, ['Completed']);
    expect(done.events.find((event) => event.action === 'Approved')).toMatchObject({ actor: 'release-manager', details: { step: 2 } });
  });

  it('bake: a step is done only once every application of it stayed Healthy for the bake time', async () => {
    await replaceSet([stagingStep({ bake: '5m' }), productionStep()]);
    const baking = await rolloutOf(() => release('v2.0.0'));
    await tickUntil('staging Healthy', async () => target(await rollout(baking.id), STAGING).state === 'Healthy');
    for (let i = 0; i < 3; i++) await tick();
    const view = await rollout(baking.id);
    const bakeEndsAt = Date.parse(view.steps[0].bakeEndsAt!);
    expect(bakeEndsAt - Date.parse(view.steps[0].healthySince!)).toBe(300_000);
    expect(view.steps.map((step) => step.state)).toEqual(['Progressing', 'Waiting']);
    expect(view.steps[0].message).toBe(`baking until ${new Date(bakeEndsAt).toISOString()}`);
    await tick(bakeEndsAt - clock.now().getTime());
    await settledIn(baking.id, ['Completed']);
    const production = (await Promise.all(PRODUCTION.map(history))).flat().filter((run) => run.rollout === baking.id);
    expect(production).toHaveLength(2);
    expect(production.every((run) => Date.parse(run.startedAt) >= bakeEndsAt)).toBe(true);
  });

  it('an offline cluster counts against the progress deadline and is named; the rollout halts there', async () => {
    await replaceSet([stagingStep(), productionStep({ progressDeadline: '2m' })]);
    await hub.http.post('/api/v1/clusters').set(auth).send({ name: 'prod-offline', server: 'https://127.0.0.1:9', labels: { env: 'production' }, credentials: { bearerToken: 'offline-token' } }).expect(201);
    // The new cluster's application is a change of the set's desired state: a rollout of it starts.
    const offline = await rolloutOf(() => hub.http.post(`/api/v1/applicationsets/${SET}/refresh`).set(auth).expect(200));
    expect(offline.applications.map((t) => t.application)).toEqual([PRODUCTION[0], 'my-api-prod-offline', PRODUCTION[1], STAGING]);
    await tickUntil('the offline application to be Pending', async () => target(await rollout(offline.id), 'my-api-prod-offline').state === 'Pending');
    await tick();
    const pending = target(await rollout(offline.id), 'my-api-prod-offline');
    expect(pending.message).toMatch(/^my-api-prod-offline on cluster prod-offline: waiting for a sync of [0-9a-f]{12}: health Unknown, the cluster cannot be read/);
    await tick(Date.parse(pending.deadlineAt!) - clock.now().getTime());
    const halted = await rollout(offline.id);
    expect(halted.state).toBe('Halted');
    expect(halted.reason).toMatch(/^step 2 failed: not Healthy within the progress deadline \(2m\): my-api-prod-offline on cluster prod-offline: .*health Unknown, the cluster cannot be read/);
    expect(target(halted, PRODUCTION[1]).state).toBe('Waiting');
    expect((await history(PRODUCTION[1])).filter((run) => run.rollout === offline.id)).toEqual([]);
    await hub.http.delete('/api/v1/clusters/prod-offline').set(auth).expect(204);
    await hub.http.post(`/api/v1/applicationsets/${SET}/refresh`).set(auth).expect(200);
  });

  it('onFailure rollback puts the updated applications back on their last Healthy revision, and that sticks', async () => {
    await replaceSet([stagingStep(), productionStep()], { onFailure: 'rollback' });
    const good = await rolloutOf(() => release('v3.0.0'));
    await settledIn(good.id, ['Completed']);
    const goodSha = repo.head();
    const bad = await rolloutOf(() => release('v3.1.0', 'v3.1.0-broken'));
    const halted = await settledIn(bad.id, ['Halted']);
    expect(halted.reason).toMatch(/^step 2 failed: my-api-prod-eu on cluster prod-eu: Degraded/);
    expect(halted.applications.map((t) => [t.application, t.state])).toEqual([
      [PRODUCTION[0], 'RolledBack'],
      [PRODUCTION[1], 'Waiting'],
      [STAGING, 'RolledBack'],
    ]);
    await tickUntil('the rolled back applications to run the old release again', async () => (await imageOf(STAGING)) === 'myregistry.com/my-api:v3.0.0' && (await imageOf(PRODUCTION[0])) === 'myregistry.com/my-api:v3.0.0');
    expect((await history(STAGING))[0]).toMatchObject({ trigger: 'rollout', rollout: bad.id, revision: goodSha, phase: 'Succeeded' });
    // It sticks: a full reconcile pass and more rollout passes keep the old release, and start no new rollout.
    for (let i = 0; i < 3; i++) await tick();
    await hub.app.get(ReconcileWorker).runPass();
    expect(await Promise.all([STAGING, ...PRODUCTION].map(imageOf))).toEqual(Array(3).fill('myregistry.com/my-api:v3.0.0'));
    expect((await latest()).id).toBe(bad.id);
    for (const name of [STAGING, PRODUCTION[0]]) {
      expect((await get<{ status: { sync: unknown; health: { status: string } } }>(`/api/v1/applications/${name}`)).status).toMatchObject({ sync: { status: 'Synced', revision: goodSha }, health: { status: 'Healthy' } });
    }
  });

  it('a rollout whose set is deleted ends: its applications are no longer the rollout\'s to sync', async () => {
    await replaceSet([stagingStep(), productionStep()]);
    const last = await rolloutOf(() => release('v4.0.0'));
    await hub.http.delete(`/api/v1/applicationsets/${SET}`).set(auth).expect(200);
    await tick();
    const ended = await rollout(last.id);
    expect(ended).toMatchObject({ state: 'Aborted', reason: `ApplicationSet ${SET} no longer exists or no longer has a RollingSync strategy` });
    expect(ended.events.at(-1)).toMatchObject({ action: 'Aborted', actor: 'hub' });
  });
});
