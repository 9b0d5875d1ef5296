import { describe, expect, it } from 'vitest';
import { buildCluster } from '../testing/builders';
import type { Params } from '../types';
import { runEntry } from '../testing/run-entry';

const clusters = [
  buildCluster('staging', { server: 'https://1.2.3.4', labels: { 'use-kafka': 'false' } }),
  buildCluster('production', { server: 'https://2.4.6.8', labels: {} }),
];

describe('merge generator', () => {
  const rows: { name: string; merge: Record<string, unknown>; want: Params[] }[] = [
    {
      name: 'Argo CD documentation example',
      merge: {
        mergeKeys: ['server'],
        generators: [
          { clusters: { values: { kafka: 'true', redis: 'false' } } },
          { clusters: { selector: { matchLabels: { 'use-kafka': 'false' } }, values: { kafka: 'false' } } },
          { list: { elements: [{ server: 'https://2.4.6.8', 'values.redis': 'true' }] } },
        ],
      },
      want: [
        expect.objectContaining({ name: 'staging', 'values.kafka': 'false', 'values.redis': 'false' }),
        expect.objectContaining({ name: 'production', 'values.kafka': 'true', 'values.redis': 'true' }),
      ] as Params[],
    },
    {
      name: 'unmatched override sets are dropped',
      merge: { mergeKeys: ['k'], generators: [{ list: { elements: [{ k: 'a', v: '1' }] } }, { list: { elements: [{ k: 'z', v: '9' }] } }] },
      want: [{ k: 'a', v: '1' }],
    },
    {
      name: 'later children win',
      merge: {
        mergeKeys: ['k'],
        generators: [{ list: { elements: [{ k: 'a', v: '1' }] } }, { list: { elements: [{ k: 'a', v: '2' }] } }, { list: { elements: [{ k: 'a', v: '3' }] } }],
      },
      want: [{ k: 'a', v: '3' }],
    },
    {
      name: 'several merge keys',
      merge: {
        mergeKeys: ['app', 'env'],
        generators: [{ list: { elements: [{ app: 'x', env: 'dev' }, { app: 'x', env: 'prod' }] } }, { list: { elements: [{ app: 'x', env: 'prod', big: 'yes' }] } }],
      },
      want: [{ app: 'x', env: 'dev' }, { app: 'x', env: 'prod', big: 'yes' }],
    },
    { name: 'empty base', merge: { mergeKeys: ['k'], generators: [{ list: { elements: [] } }, { list: { elements: [{ k: 'a' }] } }] }, want: [] },
  ];
  it.each(rows)('$name', async ({ merge, want }) => {
    expect(await runEntry({ merge }, clusters)).toEqual({ ok: true, params: want });
  });

  const errors: { name: string; merge: Record<string, unknown>; reason: RegExp }[] = [
    { name: 'no merge keys', merge: { mergeKeys: [], generators: [{ list: {} }, { list: {} }] }, reason: /at least two child generators and one merge key/ },
    {
      name: 'base not unique by merge keys',
      merge: { mergeKeys: ['k'], generators: [{ list: { elements: [{ k: 'a' }, { k: 'a' }] } }, { list: { elements: [] } }] },
      reason: /merge\.generators\[0\]: parameter sets are not unique by the merge keys k/,
    },
    {
      name: 'override not unique by merge keys',
      merge: { mergeKeys: ['k'], generators: [{ list: { elements: [{ k: 'a' }] } }, { list: { elements: [{ k: 'a' }, { k: 'a' }] } }] },
      reason: /merge\.generators\[1\]: parameter sets are not unique/,
    },
    {
      name: 'failing child',
      merge: { mergeKeys: ['k'], generators: [{ list: { elements: [{ k: 'a' }] } }, { clusters: { selector: { matchExpressions: [{ key: 'x', operator: 'Nope' }] } } }] },
      reason: /merge\.generators\[1\]\.clusters\.selector/,
    },
  ];
  it.each(errors)('fails on $name', async ({ merge, reason }) => {
    const result = await runEntry({ merge }, clusters);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});
