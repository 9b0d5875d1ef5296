import { ApiException, CoreV1Api, KubeConfig, KubernetesObjectApi, PatchStrategy, VersionApi, Watch, type KubernetesObject } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock/fake-clock';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api';
import { configMap, deployment, namespace } from './builders';

function kubeConfigFor(server: KubeApiServer, user: { token?: string; certData?: string; keyData?: string }, caData = server.caData): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'test', server: server.url, caData: Buffer.from(caData).toString('base64'), skipTLSVerify: false }],
    users: [{ name: 'test', ...user, certData: user.certData && Buffer.from(user.certData).toString('base64'), keyData: user.keyData && Buffer.from(user.keyData).toString('base64') }],
    contexts: [{ name: 'test', cluster: 'test', user: 'test' }],
    currentContext: 'test',
  });
  return kc;
}

const asObject = (o: Record<string, unknown>): KubernetesObject => o as KubernetesObject;

describe('kube-api test server checked against @kubernetes/client-node', () => {
  // The simulated controllers write status only when the test moves this clock.
  const clock = new FakeClock();
  let server: KubeApiServer;
  let other: KubeApiServer;
  let objects: KubernetesObjectApi;

  beforeAll(async () => {
    [server, other] = await Promise.all([startKubeApiServer({ name: 'client-node', controllerDelayMs: 50, clock }), startKubeApiServer({ name: 'client-node-other' })]);
    objects = KubernetesObjectApi.makeApiClient(kubeConfigFor(server, { token: server.token }));
    await objects.create(asObject(namespace('fleet')));
  });

  afterAll(async () => {
    await Promise.all([server.stop(), other.stop()]);
  });

  const connectivity: { name: string; kc: () => KubeConfig; ok: boolean; code?: number }[] = [
    { name: 'token and the right CA', kc: () => kubeConfigFor(server, { token: server.token }), ok: true },
    { name: 'client certificate', kc: () => kubeConfigFor(server, { certData: server.clientCertificateData, keyData: server.clientKeyData }), ok: true },
    { name: 'a bad token', kc: () => kubeConfigFor(server, { token: 'wrong' }), ok: false, code: 401 },
    { name: 'a wrong CA', kc: () => kubeConfigFor(server, { token: server.token }, other.caData), ok: false },
  ];

  it.each(connectivity)('GET /version with $name', async ({ kc, ok, code }) => {
    const request = kc().makeApiClient(VersionApi).getCode();
    if (ok) {
      await expect(request).resolves.toMatchObject({ major: '1' });
      return;
    }
    const error = await request.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    if (code) expect((error as ApiException<unknown>).code).toBe(code);
    else expect(String((error as Error).message)).toMatch(/self-signed|certificate/i);
  });

  it('applies server-side, re-applies idempotently, and reports a conflict with another manager', async () => {
    const desired = asObject(deployment('api', 'fleet', { image: 'registry.local/api:1' }));
    const created = await objects.patch(desired, undefined, undefined, 'flotilla', false, PatchStrategy.ServerSideApply);
    expect(created.metadata?.managedFields?.[0]).toMatchObject({ manager: 'flotilla', operation: 'Apply' });
    // Once the simulated controller has settled the status, the same apply changes nothing.
    await clock.advance(50);
    const settled = await objects.read({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', namespace: 'fleet' } });
    expect((settled as { status?: { availableReplicas?: number } }).status?.availableReplicas).toBe(2);
    const again = await objects.patch(desired, undefined, undefined, 'flotilla', false, PatchStrategy.ServerSideApply);
    expect(again.metadata?.resourceVersion).toBe(settled.metadata?.resourceVersion);

    const rival = asObject({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', namespace: 'fleet' }, spec: { replicas: 9 } });
    const conflict = await objects.patch(rival, undefined, undefined, 'rival', false, PatchStrategy.ServerSideApply).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(ApiException);
    expect((conflict as ApiException<string>).code).toBe(409);
    expect(String((conflict as ApiException<string>).body)).toContain('conflict with \\"flotilla\\"');
    const forced = await objects.patch(rival, undefined, undefined, 'rival', true, PatchStrategy.ServerSideApply);
    expect((forced as { spec?: { replicas?: number } }).spec?.replicas).toBe(9);
  });

  it('lists with label and field selectors and pages with limit/continue', async () => {
    for (const [name, team] of [['a', 'x'], ['b', 'y'], ['c', 'x']]) {
      await objects.create(asObject(configMap(`cm-${name}`, 'fleet', { metadata: { labels: { team } } })));
    }
    const byLabel = await objects.list('v1', 'ConfigMap', 'fleet', undefined, undefined, undefined, undefined, 'team=x');
    expect(byLabel.items.map((i) => i.metadata?.name)).toEqual(['cm-a', 'cm-c']);
    const byField = await objects.list('v1', 'ConfigMap', 'fleet', undefined, undefined, undefined, 'metadata.name=cm-b');
    expect(byField.items.map((i) => i.metadata?.name)).toEqual(['cm-b']);
    const page = await objects.list('v1', 'ConfigMap', 'fleet', undefined, undefined, undefined, undefined, 'team', 2);
    const rest = await objects.list('v1', 'ConfigMap', 'fleet', undefined, undefined, undefined, undefined, 'team', 2, page.metadata?._continue);
    expect([...page.items, ...rest.items].map((i) => i.metadata?.name)).toEqual(['cm-a', 'cm-b', 'cm-c']);
  });

  it('watches ADDED, MODIFIED and DELETED', async () => {
    const kc = kubeConfigFor(server, { token: server.token });
    const core = kc.makeApiClient(CoreV1Api);
    const list = await core.listNamespacedConfigMap({ namespace: 'fleet' });
    const seen: string[] = [];
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    // watch() resolves once the server answered, so every change from here on is streamed to it.
    const controller = await new Watch(kc).watch(
      '/api/v1/namespaces/fleet/configmaps',
      { resourceVersion: list.metadata?.resourceVersion, fieldSelector: 'metadata.name=watched' },
      (phase, obj: KubernetesObject) => {
        seen.push(`${phase} ${obj.metadata?.name ?? ''}`);
        if (phase === 'DELETED') finish();
      },
      () => finish(),
    );
    await core.createNamespacedConfigMap({ namespace: 'fleet', body: { metadata: { name: 'watched' }, data: { a: '1' } } });
    // client-node sends a JSON patch by default.
    await core.patchNamespacedConfigMap({ namespace: 'fleet', name: 'watched', body: [{ op: 'replace', path: '/data/a', value: '2' }] });
    await core.deleteNamespacedConfigMap({ namespace: 'fleet', name: 'watched' });
    await finished;
    controller.abort();
    expect(seen).toEqual(['ADDED watched', 'MODIFIED watched', 'DELETED watched']);
  });
});
