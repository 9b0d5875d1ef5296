import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { FakeClock } from '../../src/clock/fake-clock';
import { eventually } from '../support/eventually';
import { EXAMPLE_PRODUCTION_OVERLAY } from '../support/example-fleet';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api';
import { ARGO_ROLLOUTS_CRD_FILE } from '../support/kube-api/fixtures';
import { rollout } from './builders';
import { at, call } from './http';
import { KUBECTL, kubectl, kubectlAvailable, type KubectlResult } from './kubectl';

const OVERLAY = EXAMPLE_PRODUCTION_OVERLAY;
const available = kubectlAvailable();
if (!available) console.warn(`kubectl suite skipped: "${KUBECTL}" cannot be run on this machine`);

describe.skipIf(!available)('kube-api test server checked against kubectl', () => {
  // The simulated controllers (status writes, namespace clean-up) act only when the test moves this clock.
  const clock = new FakeClock();
  let server: KubeApiServer;
  let dir: string;
  let env: { kubeconfig: string; home: string };
  let rendered: string;
  const run = (...args: string[]): Promise<KubectlResult> => kubectl(args, env);
  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const deployment = async (): Promise<Record<string, unknown>> => (await call(server, '/apis/apps/v1/namespaces/production/deployments/my-api')).json as Record<string, unknown>;

  beforeAll(async () => {
    server = await startKubeApiServer({ name: 'kubectl', controllerDelayMs: 100, clock });
    dir = mkdtempSync(join(tmpdir(), 'kube-api-kubectl-'));
    env = { kubeconfig: join(dir, 'kubeconfig'), home: dir };
    writeFileSync(env.kubeconfig, server.kubeconfig, { mode: 0o600 });
    const kustomize = await run('kustomize', OVERLAY);
    expect(kustomize.code).toBe(0);
    rendered = kustomize.stdout;
  });

  afterAll(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('get ns', async () => {
    const res = await run('get', 'ns');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^NAME\s+STATUS\s+AGE/);
    expect(res.stdout).toMatch(/^default\s+Active/m);
  });

  it('create ns', async () => {
    const res = await run('create', 'ns', 'production');
    expect(res).toMatchObject({ code: 0, stdout: 'namespace/production created\n' });
  });

  it('apply --server-side of the production overlay', async () => {
    const res = await run('apply', '--server-side', '-f', file('production.yaml', rendered));
    expect(res.stderr).toBe('');
    expect(res.stdout.trim().split('\n')).toEqual([
      'service/my-api serverside-applied',
      'deployment.apps/my-api serverside-applied',
      'horizontalpodautoscaler.autoscaling/my-api serverside-applied',
    ]);
  });

  it('get deploy my-api -o json shows status after the controller delay', async () => {
    await clock.advance(100);
    const res = await run('get', 'deploy', 'my-api', '-n', 'production', '-o', 'json');
    expect(res.code).toBe(0);
    const obj = JSON.parse(res.stdout) as Record<string, unknown>;
    expect(at(obj, 'status')).toMatchObject({ observedGeneration: 1, replicas: 5, readyReplicas: 5, availableReplicas: 5 });
    expect(at(obj, 'spec.template.spec.containers.0.image')).toBe('myregistry.com/my-api:v1.4.2');
  });

  it('apply --server-side again with one field changed: only that field changes and generation bumps', async () => {
    const before = await deployment();
    const res = await run('apply', '--server-side', '-f', file('changed.yaml', rendered.replace('my-api:v1.4.2', 'my-api:v1.5.0')));
    expect(res.code).toBe(0);
    const after = await deployment();
    expect(at(after, 'metadata.generation')).toBe(2);
    const strip = (o: Record<string, unknown>): string => JSON.stringify({ ...o, metadata: { ...(o.metadata as object), resourceVersion: 0, generation: 0, managedFields: 0 }, status: 0 });
    expect(strip(after)).toBe(strip(before).replace('my-api:v1.4.2', 'my-api:v1.5.0'));
  });

  it('diff --server-side shows only the pending change (exit 1) and nothing for the live state (exit 0)', async () => {
    const pending = await run('diff', '--server-side', '-f', file('pending.yaml', rendered.replace('my-api:v1.4.2', 'my-api:v1.6.0')));
    expect(pending.code).toBe(1);
    expect(pending.stdout).toContain('-      - image: myregistry.com/my-api:v1.5.0');
    expect(pending.stdout).toContain('+      - image: myregistry.com/my-api:v1.6.0');
    const same = await run('diff', '--server-side', '-f', join(dir, 'changed.yaml'));
    expect(same).toMatchObject({ code: 0, stdout: '' });
    expect(at(await deployment(), 'spec.template.spec.containers.0.image')).toBe('myregistry.com/my-api:v1.5.0');
  });

  it('a conflicting apply from a second field manager fails, and succeeds with --force-conflicts', async () => {
    const scaled = file('scaled.yaml', rendered.replace('my-api:v1.4.2', 'my-api:v1.5.0').replace('replicas: 5', 'replicas: 8'));
    const conflict = await run('apply', '--server-side', '--field-manager=rollout-tool', '-f', scaled);
    expect(conflict.code).not.toBe(0);
    expect(conflict.stderr).toContain('Apply failed with 1 conflict: conflict with "kubectl": .spec.replicas');
    expect(at(await deployment(), 'spec.replicas')).toBe(5);
    const forced = await run('apply', '--server-side', '--field-manager=rollout-tool', '--force-conflicts', '-f', scaled);
    expect(forced.code).toBe(0);
    expect(at(await deployment(), 'spec.replicas')).toBe(8);
  });

  it('a short, bounded get --watch prints changes', async () => {
    const watching = kubectl(['get', 'configmaps', '-n', 'production', '--watch'], env, 3500);
    // kubectl lists, then watches from the list's resourceVersion: once its watch request arrived, the change below
    // can only reach it through the watch.
    await eventually(() => server.counters.count({ verb: 'watch', resource: 'configmaps' }) > 0, { timeoutMs: 3000, what: "kubectl's watch request" });
    await run('create', 'configmap', 'watched', '-n', 'production', '--from-literal=a=b');
    const res = await watching;
    expect(res.stdout).toMatch(/^watched\s+1\s+/m);
  });

  it('apply --server-side of the Argo Rollouts CRD and a Rollout; get rollouts (and ro) prints the CRD columns', async () => {
    expect((await run('apply', '--server-side', '-f', ARGO_ROLLOUTS_CRD_FILE)).stdout).toBe('customresourcedefinition.apiextensions.k8s.io/rollouts.argoproj.io serverside-applied\n');
    await clock.advance(0);
    const again = await run('apply', '--server-side', '-f', ARGO_ROLLOUTS_CRD_FILE);
    expect(again).toMatchObject({ code: 0, stderr: '' });
    const applied = await run('apply', '--server-side', '-f', file('rollout.yaml', stringify(rollout('web', 'production', { steps: [{ setWeight: 20 }, { pause: {} }] }))));
    expect(applied.stdout).toBe('rollout.argoproj.io/web serverside-applied\n');
    await clock.advance(100);
    const table = await run('get', 'rollouts', '-n', 'production');
    expect(table.stdout).toMatch(/^NAME\s+DESIRED\s+CURRENT\s+UP-TO-DATE\s+AVAILABLE\s+AGE\n/);
    expect(table.stdout).toMatch(/^web\s+5\s+5\s+5\s+5\s+\d+s$/m);
    expect((await run('get', 'ro', 'web', '-n', 'production', '-o', 'jsonpath={.status.phase}')).stdout).toBe('Healthy');
  });

  it('a Rollout held at an indefinite pause goes on after patch --subresource=status drops its pause conditions', async () => {
    await run('apply', '--server-side', '-f', file('rollout-v2.yaml', stringify(rollout('web', 'production', { image: 'registry.local/app:2.0.0', steps: [{ setWeight: 20 }, { pause: {} }] }))));
    await clock.advance(100);
    const phase = async (): Promise<string> => (await run('get', 'ro', 'web', '-n', 'production', '-o', 'jsonpath={.status.phase}/{.status.currentStepIndex}')).stdout;
    expect(await phase()).toBe('Paused/1');
    const promoted = await run('patch', 'rollout', 'web', '-n', 'production', '--subresource=status', '--type=merge', '-p', '{"status":{"pauseConditions":null}}');
    expect(promoted).toMatchObject({ code: 0, stdout: 'rollout.argoproj.io/web patched\n' });
    await clock.advance(100);
    expect(await phase()).toBe('Healthy/2');
  });

  it('delete --dry-run=server removes nothing', async () => {
    const res = await run('delete', '-k', OVERLAY, '--dry-run=server');
    expect(res.stdout).toContain('deployment.apps "my-api" deleted (server dry run)');
    expect((await call(server, '/apis/apps/v1/namespaces/production/deployments/my-api')).status).toBe(200);
  });

  it('delete -k removes the overlay objects', async () => {
    const res = await run('delete', '-k', OVERLAY, '--timeout=10s');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('deployment.apps "my-api" deleted');
    expect((await call(server, '/apis/apps/v1/namespaces/production/deployments/my-api')).status).toBe(404);
    expect((await call(server, '/api/v1/namespaces/production/services/my-api')).status).toBe(404);
  });

  it('delete ns waits until the namespace is gone', async () => {
    const deleting = run('delete', 'ns', 'production', '--timeout=10s');
    const phase = async () => at((await call(server, '/api/v1/namespaces/production')).json, 'status.phase');
    await eventually(async () => (await phase()) === 'Terminating', { timeoutMs: 10_000, what: 'kubectl to delete the namespace' });
    // The namespace controller empties the namespace and removes it while kubectl waits.
    await clock.advance(1_000);
    const res = await deleting;
    expect(res).toMatchObject({ code: 0, stdout: 'namespace "production" deleted\n' });
    expect((await call(server, '/api/v1/namespaces/production')).status).toBe(404);
  });
});
