import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { FakeClock } from '../../src/clock/fake-clock';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api';
import { pauseSeconds } from '../support/kube-api/controllers/rollout-steps';
import { argoRolloutsCrd } from '../support/kube-api/fixtures';
import type { JsonObject } from '../support/kube-api/json';
import { rollout } from './builders';
import { at, call, type CallResult } from './http';

type Obj = Record<string, unknown>;
// The simulated controllers run on this FakeClock: new canary pods are ready DELAY_MS after a scale, and a
// `pause: {duration: 10s}` lasts 10 s × SCALE = 10 ms of it.
const DELAY_MS = 100;
const SCALE = 0.001;
const PAUSE_MS = 10;
const CRD_PATH = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/rollouts.argoproj.io';
const PATH = (name: string): string => `/apis/argoproj.io/v1alpha1/namespaces/canary/rollouts/${name}`;

describe('kube-api test server: simulated Argo Rollouts', () => {
  const clock = new FakeClock();
  let server: KubeApiServer;

  const apply = (path: string, body: Obj): Promise<CallResult> =>
    call(server, `${path}?fieldManager=flotilla&force=true`, { method: 'PATCH', contentType: 'application/apply-patch+yaml', rawBody: stringify(body) });
  const applyRollout = (body: Obj): Promise<CallResult> => apply(PATH(String((body.metadata as Obj).name)), body);
  const status = async (name: string): Promise<Obj> => at((await call(server, PATH(name))).json, 'status') as Obj;
  const patchStatus = (name: string, patch: Obj): Promise<CallResult> => call(server, `${PATH(name)}/status`, { method: 'PATCH', contentType: 'application/merge-patch+json', body: { status: patch } });
  const patchSpec = (name: string, patch: Obj): Promise<CallResult> => call(server, PATH(name), { method: 'PATCH', contentType: 'application/merge-patch+json', body: { spec: patch } });
  const condition = (s: Obj, type: string): Obj | undefined => (s.conditions as Obj[] | undefined)?.find((c) => c.type === type);
  /** Creates a Rollout and lets its first revision become stable and ready (Argo Rollouts skips the steps for it). */
  async function promotedRollout(name: string, options: Parameters<typeof rollout>[2] = {}): Promise<Obj> {
    await applyRollout(rollout(name, 'canary', options));
    await clock.advance(DELAY_MS);
    return status(name);
  }

  beforeAll(async () => {
    server = await startKubeApiServer({ name: 'rollouts', namespaces: ['canary'], controllerDelayMs: DELAY_MS, rolloutTimeScale: SCALE, clock });
    expect((await apply(CRD_PATH, argoRolloutsCrd())).status).toBe(201);
    await clock.advance(0);
  });

  afterAll(async () => {
    await server.stop();
  });

  it('keeps a server-side-applied CRD as sent, x-kubernetes-preserve-unknown-fields included, and a second apply changes nothing', async () => {
    const stored = (await call(server, CRD_PATH)).json;
    expect(at(stored, 'spec')).toEqual(argoRolloutsCrd().spec);
    expect(JSON.stringify(at(stored, 'spec.versions.0.schema'))).toContain('"x-kubernetes-preserve-unknown-fields":true');
    const again = await apply(CRD_PATH, argoRolloutsCrd());
    expect(again.status).toBe(200);
    expect(at(again.json, 'metadata.resourceVersion')).toBe(at(stored, 'metadata.resourceVersion'));
  });

  it('serves the Rollout kind (short name ro) and prints the CRD’s columns in server-side tables', async () => {
    const resources = at((await call(server, '/apis/argoproj.io/v1alpha1')).json, 'resources');
    expect(resources).toContainEqual(expect.objectContaining({ name: 'rollouts', kind: 'Rollout', namespaced: true, shortNames: ['ro'] }));
    await promotedRollout('table');
    const table = await call(server, '/apis/argoproj.io/v1alpha1/namespaces/canary/rollouts', { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' });
    expect((at(table.json, 'columnDefinitions') as Obj[]).map((c) => `${String(c.name)}:${String(c.type)}`)).toEqual(['Name:string', 'Desired:integer', 'Current:integer', 'Up-to-date:integer', 'Available:integer', 'Age:date']);
    expect(at(table.json, 'rows.0.cells')).toEqual(['table', 5, 5, 5, 5, expect.stringMatching(/^\d+s$/)]);
  });

  it('a new Rollout has no status until the controller sees it, then its first revision becomes stable without steps', async () => {
    const created = await applyRollout(rollout('first', 'canary'));
    expect(at(created.json, 'status')).toBeUndefined();
    await clock.advance(0);
    const starting = await status('first');
    expect(starting).toMatchObject({ observedGeneration: '1', currentStepIndex: 4, updatedReplicas: 5, replicas: 5, phase: 'Progressing', message: 'updated replicas are still becoming available' });
    expect(starting.stableRS).toBe(starting.currentPodHash);
    expect(starting.currentPodHash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{10}$/);
    await clock.advance(DELAY_MS);
    const ready = await status('first');
    expect(ready).toMatchObject({ phase: 'Healthy', availableReplicas: 5, readyReplicas: 5, HPAReplicas: 5, selector: 'app=first', canary: {}, blueGreen: {} });
    expect(ready.message).toBeUndefined();
    expect(condition(ready, 'Healthy')).toMatchObject({ status: 'True', reason: 'RolloutHealthy' });
    expect(condition(ready, 'Progressing')).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable' });
    const live = (await call(server, PATH('first'))).json;
    expect(at(live, 'metadata.annotations')).toEqual({ 'rollout.argoproj.io/revision': '1' });
    expect(at(live, 'metadata.managedFields')).toContainEqual(expect.objectContaining({ manager: 'rollouts-controller', operation: 'Update', subresource: 'status' }));
  });

  it('walks a new pod template through the canary steps on the clock, then promotes it', async () => {
    const stable = String((await promotedRollout('walk')).currentPodHash);
    await applyRollout(rollout('walk', 'canary', { image: 'registry.local/app:2.0.0' }));
    const seen: string[] = [];
    const record = async (): Promise<Obj> => {
      const s = await status('walk');
      seen.push(`${Number(s.currentStepIndex)} ${String(s.phase)} ${Number(s.updatedReplicas ?? 0)}/${Number(s.availableReplicas ?? 0)}`);
      return s;
    };
    await clock.advance(0);
    expect(await record()).toMatchObject({ stableRS: stable, observedGeneration: '2', message: 'more replicas need to be updated' });
    await clock.advance(DELAY_MS);
    const paused = await record();
    expect(paused).toMatchObject({ message: 'CanaryPauseStep', controllerPause: true, pauseConditions: [{ reason: 'CanaryPauseStep', startTime: expect.any(String) }] });
    await clock.advance(PAUSE_MS - 1);
    await record();
    await clock.advance(1);
    await record();
    await clock.advance(DELAY_MS);
    await record();
    await clock.advance(PAUSE_MS);
    await record();
    await clock.advance(DELAY_MS);
    const done = await record();
    expect(seen).toEqual([
      '0 Progressing 1/4', // setWeight 20: one canary pod starting, four stable pods serving
      '1 Paused 1/5', // pause 10s
      '1 Paused 1/5',
      '2 Progressing 3/3', // setWeight 60: two stable pods and the ready canary pod serve, two more start
      '3 Paused 3/5', // pause 10
      '4 Progressing 5/3', // every step done: the canary takes all replicas
      '4 Healthy 5/5', // and becomes the stable ReplicaSet
    ]);
    expect(done.stableRS).toBe(done.currentPodHash);
    expect(done.stableRS).not.toBe(stable);
    expect(done.pauseConditions).toBeUndefined();
    expect(at((await call(server, PATH('walk'))).json, 'metadata.annotations')).toEqual({ 'rollout.argoproj.io/revision': '2' });
  });

  it('aborts a canary whose image tag is broken: the stable pods take over and the phase is Degraded', async () => {
    const stable = String((await promotedRollout('broken')).currentPodHash);
    await applyRollout(rollout('broken', 'canary', { image: 'registry.local/app:2.0.0-broken' }));
    await clock.advance(0);
    expect(await status('broken')).toMatchObject({ phase: 'Progressing', updatedReplicas: 1 });
    await clock.advance(DELAY_MS);
    const aborted = await status('broken');
    expect(aborted).toMatchObject({ abort: true, abortedAt: expect.any(String), phase: 'Degraded', currentStepIndex: 0, stableRS: stable, availableReplicas: 5 });
    expect(aborted.updatedReplicas).toBeUndefined();
    expect(aborted.message).toMatch(/^RolloutAborted: Rollout aborted update to revision 2: ReplicaSet "broken-[a-z0-9]{10}" has timed out progressing\.$/);
    expect(condition(aborted, 'Progressing')).toMatchObject({ status: 'False', reason: 'RolloutAborted' });
    // A fixed pod template starts a new canary from the first step.
    await applyRollout(rollout('broken', 'canary', { image: 'registry.local/app:2.0.1' }));
    await clock.advance(0);
    const retried = await status('broken');
    expect(retried).toMatchObject({ phase: 'Progressing', currentStepIndex: 0, updatedReplicas: 1 });
    expect(retried.abort).toBeUndefined();
  });

  it('a first revision with a broken image is not aborted (there is no stable one) but times out', async () => {
    const s = await promotedRollout('broken-first', { image: 'registry.local/app:broken' });
    expect(s).toMatchObject({ phase: 'Degraded', updatedReplicas: 5 });
    expect(s.availableReplicas).toBeUndefined();
    expect(s.message).toMatch(/^ProgressDeadlineExceeded: ReplicaSet "broken-first-[a-z0-9]{10}" has timed out progressing\.$/);
    expect(s.abort).toBeUndefined();
  });

  it('stays Paused at an indefinite pause until the pause condition is cleared (promote), whatever the clock does', async () => {
    await promotedRollout('hold', { steps: [{ setWeight: 50 }, { pause: {} }] });
    await applyRollout(rollout('hold', 'canary', { image: 'registry.local/app:2.0.0', steps: [{ setWeight: 50 }, { pause: {} }] }));
    await clock.advance(DELAY_MS);
    await clock.advance(3_600_000);
    expect(await status('hold')).toMatchObject({ phase: 'Paused', message: 'CanaryPauseStep', currentStepIndex: 1 });
    expect(condition(await status('hold'), 'Paused')).toMatchObject({ status: 'True', reason: 'RolloutPaused' });
    // What `kubectl argo rollouts promote` and Argo CD's resume action do: drop the pause conditions.
    await patchStatus('hold', { pauseConditions: null });
    await clock.advance(DELAY_MS);
    const done = await status('hold');
    expect(done).toMatchObject({ phase: 'Healthy', currentStepIndex: 2 });
    expect(done.controllerPause).toBeUndefined();
    expect(condition(done, 'Paused')).toMatchObject({ status: 'False' });
  });

  it('a timed pause followed by an indefinite one stops at the second', async () => {
    const steps = [{ setWeight: 20 }, { pause: { duration: 10 } }, { pause: {} }];
    await promotedRollout('two-pauses', { steps });
    await applyRollout(rollout('two-pauses', 'canary', { image: 'registry.local/app:2.0.0', steps }));
    await clock.advance(DELAY_MS);
    await clock.advance(PAUSE_MS * 100);
    expect(await status('two-pauses')).toMatchObject({ phase: 'Paused', currentStepIndex: 2, controllerPause: true, pauseConditions: [{ reason: 'CanaryPauseStep' }] });
  });

  it('spec.paused holds the canary at its step (manually paused) until it is false again', async () => {
    await promotedRollout('manual');
    await applyRollout(rollout('manual', 'canary', { image: 'registry.local/app:2.0.0' }));
    await patchSpec('manual', { paused: true });
    await clock.advance(DELAY_MS * 10);
    expect(await status('manual')).toMatchObject({ phase: 'Paused', message: 'manually paused', currentStepIndex: 0, availableReplicas: 5 });
    await patchSpec('manual', { paused: false });
    await clock.advance(0);
    expect(await status('manual')).toMatchObject({ phase: 'Paused', message: 'CanaryPauseStep', currentStepIndex: 1 });
  });

  it('status.abort from a user aborts, and promoteFull skips the remaining steps', async () => {
    await promotedRollout('requests');
    await applyRollout(rollout('requests', 'canary', { image: 'registry.local/app:2.0.0' }));
    await clock.advance(DELAY_MS);
    await patchStatus('requests', { abort: true });
    await clock.advance(0);
    expect(await status('requests')).toMatchObject({ phase: 'Degraded', message: 'RolloutAborted: Rollout aborted update to revision 2', availableReplicas: 5 });
    await patchStatus('requests', { promoteFull: true });
    await clock.advance(0);
    expect(await status('requests')).toMatchObject({ phase: 'Progressing', currentStepIndex: 4, updatedReplicas: 5 });
    await clock.advance(DELAY_MS);
    const promoted = await status('requests');
    expect(promoted).toMatchObject({ phase: 'Healthy' });
    expect(promoted.promoteFull).toBeUndefined();
  });

  it('reports the traffic weights when the canary routes traffic', async () => {
    const canary = { canaryService: 'weights-canary', stableService: 'weights-stable', trafficRouting: { nginx: { stableIngress: 'weights' } } };
    const stable = String((await promotedRollout('weights', { canary })).currentPodHash);
    await applyRollout(rollout('weights', 'canary', { image: 'registry.local/app:2.0.0', canary }));
    await clock.advance(0);
    const s = await status('weights');
    expect(at(s, 'canary.weights')).toEqual({
      canary: { weight: 20, podTemplateHash: s.currentPodHash, serviceName: 'weights-canary' },
      stable: { weight: 80, podTemplateHash: stable, serviceName: 'weights-stable' },
    });
  });

  it('a Rollout without a strategy is Degraded with an InvalidSpec condition', async () => {
    await applyRollout({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'invalid', namespace: 'canary' }, spec: { replicas: 1 } });
    await clock.advance(0);
    const s = await status('invalid');
    expect(s).toMatchObject({ phase: 'Degraded', observedGeneration: '1' });
    expect(s.message).toMatch(/^InvalidSpec: The Rollout "invalid" is invalid: .*'\.spec\.strategy\.canary or \.spec\.strategy\.blueGreen'$/);
  });

  const durations: { name: string; pause: JsonObject; seconds: number | undefined }[] = [
    { name: 'indefinite', pause: {}, seconds: undefined },
    { name: 'a number of seconds', pause: { duration: 30 }, seconds: 30 },
    { name: 'digits in a string', pause: { duration: '45' }, seconds: 45 },
    { name: 'a Go duration', pause: { duration: '1m30s' }, seconds: 90 },
    { name: 'hours', pause: { duration: '1h' }, seconds: 3600 },
    { name: 'an unreadable duration (elapses at once)', pause: { duration: 'soon' }, seconds: 0 },
  ];
  it.each(durations)('reads a pause duration: $name', ({ pause, seconds }) => {
    expect(pauseSeconds(pause)).toBe(seconds);
  });
});
