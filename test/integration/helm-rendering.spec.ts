import { mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ApplicationSource, KubernetesObject, RenderRequest } from '../../src/rendering/application-source';
import { ManifestRenderer } from '../../src/rendering/manifest-renderer';
import { requireHelm, settingsChart } from '../support/helm-chart';
import { writeTree } from '../support/render-fixtures';

const settingsOf = (objects: readonly KubernetesObject[]) => {
  expect(objects).toHaveLength(1);
  return objects[0] as KubernetesObject & { data: Record<string, string> };
};

describe('Helm sources rendered by a real helm binary', () => {
  let helm: string;
  let tmp: string;
  let chartRepo: string;
  let valuesRepo: string;

  const render = (source: ApplicationSource, extra: Partial<RenderRequest> = {}) =>
    new ManifestRenderer({ tmpDir: tmp, helmPath: helm }).render({ tree: { kind: 'directory', root: chartRepo }, source, destinationNamespace: 'payments', appName: 'billing', ...extra });

  beforeAll(async () => {
    helm = await requireHelm();
  });
  beforeEach(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'flotilla-helm-tmp-'));
    chartRepo = await mkdtemp(path.join(os.tmpdir(), 'flotilla-helm-chart-'));
    valuesRepo = await mkdtemp(path.join(os.tmpdir(), 'flotilla-helm-values-'));
    await writeTree(chartRepo, { ...settingsChart('charts/settings'), 'charts/settings/values-prod.yaml': 'tier: production\n', 'palettes/colors.yaml': 'color: blue\n' });
    await writeTree(valuesRepo, { 'envs/prod/values.yaml': 'greeting: hello from the values repository\nsize: large\n' });
  });
  afterEach(async () => {
    // Every render, successful or not, leaves the renderer's temp dir empty.
    expect(await readdir(tmp)).toEqual([]);
    await Promise.all([tmp, chartRepo, valuesRepo].map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('uses the chart defaults, the app name as release and the destination namespace', async () => {
    const result = await render({ path: 'charts/settings', helm: {} });
    expect(result.tool).toBe('helm');
    expect(settingsOf(result.objects)).toMatchObject({
      metadata: { name: 'billing-settings', namespace: 'payments' },
      data: { greeting: 'hello', tier: 'default', color: 'grey', size: 'small' },
    });
  });

  it('applies value files in order, then inline values, then parameters, under the given release name', async () => {
    const result = await render({
      path: 'charts/settings',
      helm: {
        releaseName: 'invoices',
        valueFiles: ['values-prod.yaml', '../../palettes/colors.yaml'],
        values: 'size: medium\ncolor: green\n',
        parameters: [{ name: 'greeting', value: 'hi' }],
      },
    });
    expect(settingsOf(result.objects)).toMatchObject({
      metadata: { name: 'invoices-settings', namespace: 'payments' },
      data: { greeting: 'hi', tier: 'production', color: 'green', size: 'medium' },
    });
  });

  it('reads $ref value files from the checkout of the ref source', async () => {
    const result = await render(
      { path: 'charts/settings', helm: { valueFiles: ['values-prod.yaml', '$values/envs/prod/values.yaml'] } },
      { refRoots: new Map([['values', valuesRepo]]) },
    );
    expect(settingsOf(result.objects).data).toEqual({ greeting: 'hello from the values repository', tier: 'production', color: 'grey', size: 'large' });
  });

  it('treats $ as an ordinary character for a single source (no refs given)', async () => {
    await writeTree(chartRepo, { 'charts/settings/$values/x.yaml': 'tier: literal\n' });
    const result = await render({ path: 'charts/settings', helm: { valueFiles: ['$values/x.yaml'] } });
    expect(settingsOf(result.objects).data.tier).toBe('literal');
  });

  it.each([
    { name: 'a $ref no source defines', valueFile: '$other/envs/prod/values.yaml', message: /"\$other", which is not a ref of this application \(refs: \$values\)/ },
    { name: 'a $ref path leaving the ref repository', valueFile: '$values/../outside.yaml', message: /"\$values\/\.\.\/outside\.yaml" is outside the repository of "\$values"/ },
    { name: 'a plain path leaving the chart repository', valueFile: '../../../etc/passwd', message: /is outside the repository/ },
    { name: 'a value file helm cannot find', valueFile: '$values/envs/missing.yaml', message: /^helm failed: .*envs\/missing\.yaml/ },
  ])('refuses $name', async ({ valueFile, message }) => {
    const promise = render({ path: 'charts/settings', helm: { valueFiles: [valueFile] } }, { refRoots: new Map([['values', valuesRepo]]) });
    await expect(promise).rejects.toMatchObject({ kind: 'HelmFailed', message: expect.stringMatching(message) });
  });

  it('refuses a symlink in the ref repository that leads out of it', async () => {
    const secret = path.join(tmp, '..', `flotilla-helm-secret-${process.pid}.yaml`);
    await writeTree(path.dirname(secret), { [path.basename(secret)]: 'greeting: stolen\n' });
    await symlink(secret, path.join(valuesRepo, 'envs/link.yaml'));
    try {
      const promise = render({ path: 'charts/settings', helm: { valueFiles: ['$values/envs/link.yaml'] } }, { refRoots: new Map([['values', valuesRepo]]) });
      await expect(promise).rejects.toMatchObject({ kind: 'HelmFailed', message: expect.stringContaining('is outside the repository of "$values"') });
    } finally {
      await rm(secret, { force: true });
    }
  });
});
