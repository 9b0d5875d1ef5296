import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SETTINGS } from '../../src/config/config.schema';
import { startKubeApiServer } from '../support/kube-api';
import { startTestHub } from '../support/test-hub';
import { applyServerSide, DEPLOY_DIR, kustomizeBuild, only, readBack, userOverlay, type K8sObject } from './manifests';

const SETTING_NAMES = new Set(SETTINGS.map((setting) => setting.env));
const INGRESS_HOST = 'flotilla.cluster.test';

// The README's "own overlay": ha plus the optional components, with the Ingress host patched.
const haWithComponents = (deploy: string) => ({
  apiVersion: 'kustomize.config.k8s.io/v1beta1',
  kind: 'Kustomization',
  namespace: 'flotilla',
  resources: [`${deploy}/overlays/ha`],
  components: [`${deploy}/components/ingress`, `${deploy}/components/namespaced-rbac`],
  patches: [{ target: { kind: 'Ingress', name: 'flotilla' }, path: 'ingress-host.yaml' }],
});
const hostPatch = [
  { op: 'replace', path: '/spec/rules/0/host', value: INGRESS_HOST },
  { op: 'replace', path: '/spec/tls/0/hosts/0', value: INGRESS_HOST },
];

const container = (objects: K8sObject[]) => only(objects, 'Deployment', 'flotilla').spec.template.spec.containers[0];
const envOf = (objects: K8sObject[]) => container(objects).env as { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
const secretRef = (objects: K8sObject[], name: string) => envOf(objects).find((e) => e.name === name)?.valueFrom?.secretKeyRef;

describe('deploy/: the kustomize base and overlays', () => {
  const built: Record<string, K8sObject[]> = {};
  let ownOverlay: string;

  beforeAll(async () => {
    ownOverlay = userOverlay(haWithComponents, { 'ingress-host.yaml': hostPatch });
    [built.embedded, built.ha, built.own] = await Promise.all([
      kustomizeBuild(path.join(DEPLOY_DIR, 'overlays/embedded')),
      kustomizeBuild(path.join(DEPLOY_DIR, 'overlays/ha')),
      kustomizeBuild(ownOverlay),
    ]);
  });

  afterAll(() => fs.rmSync(ownOverlay, { recursive: true, force: true }));

  const VARIANTS = ['embedded', 'ha', 'own'];

  it.each(VARIANTS)('%s: every env var is a setting, the encryption key comes from the Secret, namespaced objects sit in flotilla', (variant) => {
    const objects = built[variant];
    for (const entry of envOf(objects)) expect(SETTING_NAMES.has(entry.name), `${entry.name} is not a setting`).toBe(true);
    expect(secretRef(objects, 'FLOTILLA_ENCRYPTION_KEY')).toEqual({ name: 'flotilla', key: 'encryption-key' });
    for (const obj of objects.filter((o) => !o.kind.startsWith('Cluster'))) expect(obj.metadata.namespace, `${obj.kind} ${obj.metadata.name}`).toBe('flotilla');
  });

  it.each(VARIANTS)('%s: probes on /healthz and /readyz at the port the hub listens on (PORT)', (variant) => {
    const c = container(built[variant]);
    const port = Number(envOf(built[variant]).find((e) => e.name === 'PORT')?.value);
    const http = c.ports.find((p: { name: string }) => p.name === 'http');
    expect(http.containerPort).toBe(port);
    expect(c.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(c.startupProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(c.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    const service = only(built[variant], 'Service', 'flotilla');
    expect(service.spec.ports[0].targetPort).toBe('http');
    expect(service.spec.selector).toEqual(only(built[variant], 'Deployment').spec.template.metadata.labels);
  });

  it.each(VARIANTS)('%s: non-root with a read-only root filesystem, the data dir and /tmp on volumes, resources set', (variant) => {
    const pod = only(built[variant], 'Deployment').spec.template.spec;
    const c = container(built[variant]);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, fsGroup: 1000 });
    expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
    expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    const dataDir = envOf(built[variant]).find((e) => e.name === 'FLOTILLA_DATA_DIR')?.value;
    const mounts = new Map((c.volumeMounts as { name: string; mountPath: string }[]).map((m) => [m.mountPath, m.name]));
    expect(mounts.has(dataDir!) && mounts.has('/tmp')).toBe(true);
    for (const name of mounts.values()) expect(pod.volumes.map((v: { name: string }) => v.name)).toContain(name);
    expect(c.resources.requests.cpu).toBeTruthy();
    expect(c.resources.requests.memory).toBeTruthy();
    expect(c.resources.limits.memory).toBeTruthy();
  });

  it('ha: two replicas on the external database from the Secret, an HPA from 2, a PDB keeping one', () => {
    const objects = built.ha;
    const deployment = only(objects, 'Deployment', 'flotilla');
    expect(deployment.spec.replicas).toBe(2);
    expect(secretRef(objects, 'DATABASE_URL')).toEqual({ name: 'flotilla', key: 'database-url' });
    const hpa = only(objects, 'HorizontalPodAutoscaler', 'flotilla');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'flotilla' });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);
    const pdb = only(objects, 'PodDisruptionBudget', 'flotilla');
    expect(pdb.spec).toEqual({ minAvailable: 1, selector: { matchLabels: deployment.spec.selector.matchLabels } });
  });

  it('ha: the service account is bound cluster-wide to the in-cluster ClusterRole', () => {
    const objects = built.ha;
    const account = only(objects, 'ServiceAccount');
    expect(only(objects, 'Deployment').spec.template.spec.serviceAccountName).toBe(account.metadata.name);
    const binding = only(objects, 'ClusterRoleBinding');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: only(objects, 'ClusterRole').metadata.name });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: account.metadata.name, namespace: account.metadata.namespace }]);
  });

  it('embedded: one replica, Recreate, the data dir on the PVC, no DATABASE_URL and no PDB', () => {
    const objects = built.embedded;
    const deployment = only(objects, 'Deployment', 'flotilla');
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
    expect(envOf(objects).map((e) => e.name)).not.toContain('DATABASE_URL');
    const dataDir = envOf(objects).find((e) => e.name === 'FLOTILLA_DATA_DIR')?.value;
    const volumeName = container(objects).volumeMounts.find((m: { mountPath: string }) => m.mountPath === dataDir).name;
    const volume = deployment.spec.template.spec.volumes.find((v: { name: string }) => v.name === volumeName);
    expect(volume).toEqual({ name: volumeName, persistentVolumeClaim: { claimName: only(objects, 'PersistentVolumeClaim').metadata.name } });
    expect(objects.some((o) => o.kind === 'PodDisruptionBudget' || o.kind === 'HorizontalPodAutoscaler')).toBe(false);
  });

  it('own overlay: an Ingress with TLS on the patched host, and a namespaced Role in place of the ClusterRole', () => {
    const objects = built.own;
    const ingress = only(objects, 'Ingress', 'flotilla');
    expect(ingress.apiVersion).toBe('networking.k8s.io/v1');
    expect(ingress.spec.tls).toEqual([{ hosts: [INGRESS_HOST], secretName: 'flotilla-tls' }]);
    expect(ingress.spec.rules[0]).toMatchObject({ host: INGRESS_HOST, http: { paths: [{ backend: { service: { name: 'flotilla', port: { name: 'http' } } } }] } });
    expect(objects.some((o) => o.kind.startsWith('Cluster'))).toBe(false);
    const binding = only(objects, 'RoleBinding');
    expect(binding.roleRef).toMatchObject({ kind: 'Role', name: only(objects, 'Role').metadata.name });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'flotilla', namespace: 'flotilla' }]);
    expect(envOf(objects)).toContainEqual({ name: 'ARGOCD_NAMESPACE', value: 'flotilla' });
  });

  it.each(VARIANTS)('%s: every object applies server-side to the Kubernetes API test server', async (variant) => {
    const server = await startKubeApiServer({ name: `deploy-${variant}`, namespaces: ['flotilla'], controllerDelayMs: 60_000 });
    try {
      for (const obj of built[variant]) {
        const res = await applyServerSide(server, obj);
        expect(res.status, `${obj.kind} ${obj.metadata.name}: ${res.text}`).toBe(201);
        // Stored as sent, plus the server's defaults (a Service's clusterIP, …) and metadata.
        expect((await readBack(server, obj)).json).toMatchObject(obj);
      }
    } finally {
      await server.stop();
    }
  });
});

describe('deploy/ against the hub and its image', () => {
  it('the probed paths answer on a running hub: /healthz and /readyz 200', async () => {
    const hub = await startTestHub();
    try {
      await hub.http.get('/healthz').expect(200);
      await hub.http.get('/readyz').expect(200);
    } finally {
      await hub.close();
    }
  });

  it("the Dockerfile's user, port and data dir are the manifests'", async () => {
    const dockerfile = fs.readFileSync(path.resolve(DEPLOY_DIR, '../Dockerfile'), 'utf8');
    const objects = await kustomizeBuild(path.join(DEPLOY_DIR, 'overlays/ha'));
    const env = new Map(envOf(objects).map((e) => [e.name, e.value]));
    expect(dockerfile).toMatch(new RegExp(`^EXPOSE ${env.get('PORT')}$`, 'm'));
    expect(dockerfile).toContain(`FLOTILLA_DATA_DIR=${env.get('FLOTILLA_DATA_DIR')}`);
    // The node images' `node` user is uid 1000, which the manifests name (runAsNonRoot needs a number).
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(only(objects, 'Deployment').spec.template.spec.securityContext.runAsUser).toBe(1000);
  });

  it.skipIf(!hasDocker())('the image builds from the Dockerfile and runs as uid 1000 (needs a Docker engine)', () => {
    const root = path.resolve(DEPLOY_DIR, '..');
    execFileSync('docker', ['build', '-t', 'flotilla:deploy-test', root], { stdio: 'ignore', timeout: 900_000 });
    const uid = execFileSync('docker', ['run', '--rm', '--read-only', '--tmpfs', '/tmp', 'flotilla:deploy-test', 'id', '-u'], { encoding: 'utf8' });
    expect(uid.trim()).toBe('1000');
  }, 900_000);
});

function hasDocker(): boolean {
  try {
    execFileSync('docker', ['info'], { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}
