import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GitMirrors } from '../../src/git/git-mirrors';
import { createGitRepo, type GitTestRepo } from '../support/git-repo';
import { defaultKustomizeCandidates } from '../../src/render-tools/kustomize-binary';
import { ManifestRenderer } from '../../src/rendering/manifest-renderer';
import { RenderCache } from '../../src/rendering/render-cache';
import { SourceRenderer } from '../../src/rendering/source-renderer';

describe('SourceRenderer: Git mirror → checkout → kustomize (integration)', () => {
  let repo: GitTestRepo;
  let root: string;
  let tmp: string;

  beforeEach(async () => {
    repo = createGitRepo({ example: true });
    root = await mkdtemp(path.join(os.tmpdir(), 'flotilla-sr-mirrors-'));
    tmp = await mkdtemp(path.join(os.tmpdir(), 'flotilla-sr-tmp-'));
  });

  afterEach(async () => {
    repo.remove();
    await rm(root, { recursive: true, force: true });
    await rm(tmp, { recursive: true, force: true });
  });

  it('renders the production overlay at the resolved commit once for concurrent callers, leaving no temp dirs', async () => {
    const mirrors = new GitMirrors({ rootDir: root, tmpDir: tmp, allowLocal: true });
    const renderer = new ManifestRenderer({ tmpDir: tmp, kustomizeCandidates: [{ flavor: 'kubectl', command: 'kubectl' }, ...defaultKustomizeCandidates().slice(-1)] });
    const sources = new SourceRenderer(mirrors, renderer, new RenderCache());
    const resolved = (await mirrors.resolveRevisions(repo.dir, ['main'])).get('main');
    if (!resolved?.ok) throw new Error('main did not resolve');
    const request = { repoURL: repo.dir, sha: resolved.sha, source: { path: 'apps/my-api/overlays/production' }, destinationNamespace: 'production' };
    const [a, b] = await Promise.all([sources.render(request), sources.render(request)]);
    expect(a).toBe(b);
    expect(a.objects.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`).sort()).toEqual([
      'Deployment/production/my-api',
      'HorizontalPodAutoscaler/production/my-api',
      'Service/production/my-api',
    ]);
    expect(mirrors.stats().fetch).toBe(1);
    expect(await readdir(tmp)).toEqual([]);
  });
});
