import { describe, expect, it } from 'vitest';
import { expand } from './engine';
import { fingerprintOf } from './fingerprint';

const manifest = (targetRevision: string) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'ApplicationSet',
  metadata: { name: 'fp' },
  spec: {
    generators: [{ list: { elements: [{ cluster: 'a', url: 'https://127.0.0.1:6443' }] } }],
    template: {
      metadata: { name: 'fp-{{cluster}}' },
      spec: { project: 'default', source: { repoURL: 'file:///srv/git/x.git', path: 'apps', targetRevision }, destination: { server: '{{url}}', namespace: 'x' } },
    },
  },
});

async function generated(targetRevision: string): Promise<unknown> {
  const result = await expand(manifest(targetRevision), { clusters: [{ name: 'a', nameNormalized: 'a', server: 'https://127.0.0.1:6443', labels: {}, annotations: {} }] });
  if (!result.ok) throw new Error(result.message);
  return result.applications[0];
}

describe('fingerprintOf', () => {
  it.each([
    { name: 'two expansions of the same manifest hash equal', a: () => generated('main'), b: () => generated('main'), equal: true },
    { name: 'a changed template value hashes differently', a: () => generated('main'), b: () => generated('v2'), equal: false },
  ])('$name', async ({ a, b, equal }) => {
    expect(fingerprintOf(await a()) === fingerprintOf(await b())).toBe(equal);
  });
});
