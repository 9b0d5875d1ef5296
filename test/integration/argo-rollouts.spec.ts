import path from 'node:path';
import { CustomObjectsApi } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareApplication } from '../../src/sync/compare';
import { syncApplication } from '../../src/sync/sync';
import type { KubeObject } from '../../src/sync/types';
import { EXAMPLE_FLEET_REPO } from '../support/example-fleet';
import { argoRolloutsCrd } from '../support/kube-api/fixtures';
import { renderSeedOverlay, seedApp, startTestCluster, type TestCluster } from '../support/seed-cluster';

const CANARY_OVERLAY = path.join(EXAMPLE_FLEET_REPO, 'apps/my-api/overlays/production-canary');
// The overlay's pause steps last 10 s; the simulated controller waits them out on the cluster's FakeClock.
const PAUSE_MS = 10_000;
const app = seedApp();
const argoRollouts = seedApp({ name: 'argo-rollouts', destinationNamespace: 'argo-rollouts', syncOptions: [] });

let testCluster: TestCluster;
let rendered: KubeObject[];

/** The rendered overlay with the Rollout changed (a new image tag, other steps), as a new commit would render it. */
function withRollout(change: { tag?: string; steps?: unknown[] }): KubeObject[] {
  return rendered.map((obj) => {
    if (obj.kind !== 'Rollout') return obj;
    const copy = structuredClone(obj) as KubeObject & { spec: { template: { spec: { containers: { image: string }[] } }; strategy: { canary: { steps: unknown[] } } } };
    if (change.tag !== undefined) copy.spec.template.spec.containers[0].image = `myregistry.com/my-api:${change.tag}`;
    if (change.steps !== undefined) copy.spec.strategy.canary.steps = change.steps;
    return copy;
  });
}

/** The application's health (and sync status) as a refresh would report it now. */
async function health(desired: KubeObject[]): Promise<string> {
  const comparison = await compareApplication(app, desired, testCluster.api);
  expect(comparison.sync.status).toBe('Synced');
  return `${comparison.health.status}: ${comparison.health.message ?? ''}`;
}

/** How the test moves the cluster's clock: 'react' runs what the controllers do at once, 'settle' lets new pods become ready. */
type Move = 'react' | 'settle' | number;

/** Health after each move of the clock: what the fleet rollout engine sees while one cluster's canary runs. */
async function healthWhile(desired: KubeObject[], moves: Move[]): Promise<string[]> {
  const seen = [await health(desired)];
  for (const move of moves) {
    if (move === 'settle') await testCluster.settleControllers();
    else await testCluster.clock.advance(move === 'react' ? 0 : move);
    seen.push(await health(desired));
  }
  return seen;
}

async function syncSucceeds(desired: KubeObject[]): Promise<void> {
  const result = await syncApplication(app, desired, testCluster.api);
  expect(result.phase).toBe('Succeeded');
}

beforeAll(async () => {
  rendered = await renderSeedOverlay(CANARY_OVERLAY);
  testCluster = await startTestCluster('argo-rollouts');
});

afterAll(async () => {
  await testCluster.stop();
});

// The steps build on each other: one cluster's Rollout through several releases.
describe('Argo Rollouts canaries through the sync engine (example overlay production-canary)', () => {
  it('renders the Service, the Rollout in place of the Deployment, and the autoscaler aimed at the Rollout; no CRD', () => {
    expect(rendered.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Service/my-api', 'Rollout/my-api', 'HorizontalPodAutoscaler/my-api']);
    expect(rendered.find((o) => o.kind === 'HorizontalPodAutoscaler')?.spec).toMatchObject({ scaleTargetRef: { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'my-api' } });
  });

  it('installs the Argo Rollouts CRD, which then reads as Synced and needs no further writes', async () => {
    const crd = argoRolloutsCrd() as unknown as KubeObject;
    expect((await syncApplication(argoRollouts, [crd], testCluster.api)).phase).toBe('Succeeded');
    await testCluster.settleControllers();
    await expect(compareApplication(argoRollouts, [crd], testCluster.api)).resolves.toMatchObject({ sync: { status: 'Synced' }, health: { status: 'Healthy' } });
    testCluster.server.counters.reset();
    const again = await syncApplication(argoRollouts, [crd], testCluster.api);
    expect(again.resources.map((r) => r.action)).toEqual(['unchanged']);
    expect(testCluster.writes()).toBe(0);
  });

  it('the first sync creates the Rollout: Progressing until Argo Rollouts has seen it, Healthy once its pods are ready', async () => {
    const first = await syncApplication(app, rendered, testCluster.api);
    expect(first.phase).toBe('Succeeded');
    expect(first.resources.find((r) => r.kind === 'Rollout')).toMatchObject({ action: 'created', health: { status: 'Progressing', message: 'Waiting for rollout spec update to be observed' } });
    // The first revision skips the steps (there is nothing stable to compare it with).
    expect(await healthWhile(rendered, ['react', 'settle'])).toEqual([
      'Progressing: Waiting for rollout spec update to be observed',
      'Progressing: updated replicas are still becoming available',
      'Healthy: ',
    ]);
  });

  it('a new image walks the canary: Progressing while it scales, Suspended in each pause, Healthy when fully promoted', async () => {
    const release = withRollout({ tag: 'v1.5.0' });
    await syncSucceeds(release);
    expect(await healthWhile(release, ['react', 'settle', PAUSE_MS, 'settle', PAUSE_MS, 'settle'])).toEqual([
      'Progressing: Waiting for rollout spec update to be observed',
      'Progressing: more replicas need to be updated', // setWeight 20
      'Suspended: CanaryPauseStep', // pause 10s
      'Progressing: more replicas need to be updated', // setWeight 60
      'Suspended: CanaryPauseStep', // pause 10s
      'Progressing: updated replicas are still becoming available', // 100 %
      'Healthy: ',
    ]);
  });

  it('a broken image tag: Argo Rollouts aborts the canary and the application is Degraded with its message', async () => {
    const release = withRollout({ tag: 'v1.6.0-broken' });
    await syncSucceeds(release);
    const seen = await healthWhile(release, ['react', 'settle']);
    expect(seen.slice(0, 2)).toEqual(['Progressing: Waiting for rollout spec update to be observed', 'Progressing: more replicas need to be updated']);
    expect(seen[2]).toMatch(/^Degraded: RolloutAborted: Rollout aborted update to revision 3: ReplicaSet "my-api-[a-z0-9]{10}" has timed out progressing\.$/);
    // It stays aborted: nothing moves it on but a new pod template.
    await testCluster.clock.advance(PAUSE_MS * 6);
    expect(await health(release)).toMatch(/^Degraded: RolloutAborted/);
  });

  it('an indefinite pause keeps the application Suspended until the canary is promoted by hand', async () => {
    const release = withRollout({ tag: 'v1.6.1', steps: [{ setWeight: 20 }, { pause: {} }] });
    await syncSucceeds(release);
    expect(await healthWhile(release, ['react', 'settle', 3_600_000])).toEqual([
      'Progressing: Waiting for rollout spec update to be observed',
      'Progressing: more replicas need to be updated',
      'Suspended: CanaryPauseStep',
      'Suspended: CanaryPauseStep',
    ]);
    // What `kubectl argo rollouts promote` does: remove the pause condition through the status subresource.
    const objects = testCluster.kubeConfig.makeApiClient(CustomObjectsApi);
    await objects.patchNamespacedCustomObjectStatus({ group: 'argoproj.io', version: 'v1alpha1', namespace: 'production', plural: 'rollouts', name: 'my-api', body: [{ op: 'remove', path: '/status/pauseConditions' }] });
    expect(await healthWhile(release, ['react', 'settle'])).toEqual([
      'Suspended: CanaryPauseStep', // until the controller reacts
      'Progressing: updated replicas are still becoming available',
      'Healthy: ',
    ]);
  });
});
