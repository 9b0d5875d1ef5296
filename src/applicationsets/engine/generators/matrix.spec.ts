import { describe, expect, it } from 'vitest';
import { buildCluster } from '../testing/builders';
import type { Params } from '../types';
import { runEntry } from '../testing/run-entry';

const clusters = [
  buildCluster('dev-1', { labels: { env: 'dev' } }),
  buildCluster('prod-1', { labels: { env: 'prod' } }),
  buildCluster('prod-2', { labels: { env: 'prod' } }),
];

describe('matrix generator', () => {
  const rows: { name: string; generators: unknown[]; want: Params[] }[] = [
    {
      name: 'cartesian product of two lists',
      generators: [{ list: { elements: [{ app: 'a' }, { app: 'b' }] } }, { list: { elements: [{ env: 'x' }, { env: 'y' }] } }],
      want: [
        { app: 'a', env: 'x' },
        { app: 'a', env: 'y' },
        { app: 'b', env: 'x' },
        { app: 'b', env: 'y' },
      ],
    },
    {
      name: 'second child uses the first child parameters',
      generators: [
        { list: { elements: [{ stage: 'prod' }, { stage: 'dev' }] } },
        { clusters: { selector: { matchLabels: { env: '{{stage}}' } } } },
      ],
      want: [
        expect.objectContaining({ stage: 'prod', name: 'prod-1' }),
        expect.objectContaining({ stage: 'prod', name: 'prod-2' }),
        expect.objectContaining({ stage: 'dev', name: 'dev-1' }),
      ] as Params[],
    },
    {
      name: 'interpolated values in the second child',
      generators: [{ list: { elements: [{ app: 'api' }] } }, { list: { elements: [{ path: 'apps/{{app}}' }] } }],
      want: [{ app: 'api', path: 'apps/api' }],
    },
    {
      name: 'same key with the same value is fine',
      generators: [{ list: { elements: [{ env: 'x', a: '1' }] } }, { list: { elements: [{ env: 'x', b: '2' }] } }],
      want: [{ env: 'x', a: '1', b: '2' }],
    },
    { name: 'empty first child gives nothing', generators: [{ list: { elements: [] } }, { list: { elements: [{ a: '1' }] } }], want: [] },
    {
      name: 'child post selectors apply',
      generators: [{ list: { elements: [{ app: 'a', keep: 'yes' }, { app: 'b' }] }, selector: { matchLabels: { keep: 'yes' } } }, { list: { elements: [{ env: 'x' }] } }],
      want: [{ app: 'a', keep: 'yes', env: 'x' }],
    },
    {
      name: 'nested merge as a child',
      generators: [
        { list: { elements: [{ app: 'a' }] } },
        { merge: { mergeKeys: ['env'], generators: [{ list: { elements: [{ env: 'x', rev: 'main' }] } }, { list: { elements: [{ env: 'x', rev: 'v2' }] } }] } },
      ],
      want: [{ app: 'a', env: 'x', rev: 'v2' }],
    },
  ];
  it.each(rows)('$name', async ({ generators, want }) => {
    expect(await runEntry({ matrix: { generators } }, clusters)).toEqual({ ok: true, params: want });
  });

  const errors: { name: string; generators: unknown[]; reason: RegExp }[] = [
    {
      name: 'conflicting values for one key',
      generators: [{ list: { elements: [{ env: 'x' }] } }, { list: { elements: [{ env: 'y' }] } }],
      reason: /parameter "env" has different values in the two child generators \("x" and "y"\)/,
    },
    { name: 'only one child', generators: [{ list: { elements: [] } }], reason: /exactly two child generators/ },
    {
      name: 'failing first child',
      generators: [{ list: { elements: [{ n: 1 }] } }, { list: { elements: [] } }],
      reason: /matrix\.generators\[0\]\.list\.elements\[0\]\.n: must be a string/,
    },
    {
      name: 'failing second child after interpolation',
      generators: [{ list: { elements: [{ stage: 'bad value!' }] } }, { clusters: { selector: { matchLabels: { env: '{{stage}}' } } } }],
      reason: /matrix\.generators\[1\]\.clusters\.selector: .*invalid label value/,
    },
    {
      name: 'broken template in the second child',
      generators: [{ list: { elements: [{ a: 'x' }] } }, { list: { elements: [{ b: '{{a}} {{c' }] } }],
      reason: /matrix\.generators\[1\].*invalid template/,
    },
  ];
  it.each(errors)('fails on $name', async ({ generators, reason }) => {
    const result = await runEntry({ matrix: { generators } }, clusters);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});
