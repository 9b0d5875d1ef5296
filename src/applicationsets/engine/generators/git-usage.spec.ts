import { describe, expect, it } from 'vitest';
import { gitGeneratorsOf } from './git-usage';

describe('gitGeneratorsOf', () => {
  it.each([
    { name: 'none', generators: [{ list: { elements: [] } }, { clusters: {} }], want: [] },
    { name: 'top level, with its requeue interval', generators: [{ git: { repoURL: 'https://git.local/a', requeueAfterSeconds: 30 } }], want: [{ repoURL: 'https://git.local/a', requeueAfterSeconds: 30 }] },
    {
      name: 'inside matrix and merge, templated URLs kept as written',
      generators: [
        { matrix: { generators: [{ list: {} }, { git: { repoURL: '{{repo}}' } }] } },
        { merge: { generators: [{ matrix: { generators: [{ git: { repoURL: 'https://git.local/b' } }, { clusters: {} }] } }] } },
      ],
      want: [{ repoURL: 'https://git.local/b' }, { repoURL: '{{repo}}' }],
    },
    { name: 'nonsense is ignored', generators: [null, 'git', { git: { repoURL: 3 } }, { git: { repoURL: 'x', requeueAfterSeconds: -1 } }], want: [{ repoURL: 'x' }] },
    { name: 'not a list', generators: { git: { repoURL: 'x' } }, want: [] },
  ])('$name', ({ generators, want }) => {
    expect(gitGeneratorsOf(generators)).toEqual(want);
  });
});
