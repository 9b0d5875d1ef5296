import { describe, expect, it } from 'vitest';
import type { Params } from '../types';
import { runEntry } from '../testing/run-entry';

describe('list generator', () => {
  const rows: { name: string; list: Record<string, unknown>; want: Params[] }[] = [
    { name: 'no elements', list: { elements: [] }, want: [] },
    { name: 'null elements (empty YAML key)', list: { elements: null }, want: [] },
    {
      name: 'elements in order',
      list: { elements: [{ cluster: 'a', url: 'https://a' }, { cluster: 'b', url: 'https://b' }] },
      want: [{ cluster: 'a', url: 'https://a' }, { cluster: 'b', url: 'https://b' }],
    },
    { name: 'values map becomes values.<key>', list: { elements: [{ cluster: 'a', values: { rev: 'main' } }] }, want: [{ cluster: 'a', 'values.rev': 'main' }] },
    { name: 'elementsYaml', list: { elementsYaml: '- cluster: y1\n- cluster: y2\n' }, want: [{ cluster: 'y1' }, { cluster: 'y2' }] },
    { name: 'elements then elementsYaml', list: { elements: [{ cluster: 'e' }], elementsYaml: '- cluster: y' }, want: [{ cluster: 'e' }, { cluster: 'y' }] },
    { name: 'empty elementsYaml', list: { elementsYaml: '' }, want: [] },
    { name: 'dotted keys kept flat', list: { elements: [{ 'app.kubernetes.io/name': 'x' }] }, want: [{ 'app.kubernetes.io/name': 'x' }] },
  ];
  it.each(rows)('$name', async ({ list, want }) => {
    expect(await runEntry({ list })).toEqual({ ok: true, params: want });
  });

  const errors: { name: string; list: Record<string, unknown>; reason: RegExp }[] = [
    { name: 'number value', list: { elements: [{ cluster: 'a', replicas: 3 }] }, reason: /elements\[0\]\.replicas: must be a string .*got number 3/ },
    { name: 'boolean value', list: { elements: [{ a: 'x' }, { enabled: true }] }, reason: /elements\[1\]\.enabled: must be a string/ },
    { name: 'nested object value', list: { elements: [{ nested: { a: 'b' } }] }, reason: /elements\[0\]\.nested: .*got an object/ },
    { name: 'non-string in values', list: { elements: [{ values: { n: 1 } }] }, reason: /elements\[0\]\.values\.n: must be a string/ },
    { name: 'values not a map', list: { elements: [{ values: 'x' }] }, reason: /elements\[0\]\.values: must be a map of strings/ },
    { name: 'element not an object', list: { elements: ['a'] }, reason: /elements\[0\]: each element must be an object/ },
    { name: 'invalid elementsYaml', list: { elementsYaml: 'a: [' }, reason: /elementsYaml: not valid YAML/ },
    { name: 'elementsYaml not a list', list: { elementsYaml: 'a: b' }, reason: /elementsYaml: must be a YAML list/ },
    { name: 'bad elementsYaml element', list: { elements: [{ a: 'x' }], elementsYaml: '- a: 1' }, reason: /elementsYaml\[0\]\.a: must be a string/ },
  ];
  it.each(errors)('fails on $name', async ({ list, reason }) => {
    const result = await runEntry({ list });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});

describe('post selector', () => {
  const elements = [
    { cluster: 'engineering-dev', env: 'staging' },
    { cluster: 'engineering-prod', env: 'prod' },
    { cluster: 'other' },
  ];
  const rows: { name: string; selector: Record<string, unknown>; want: string[] }[] = [
    { name: 'matchLabels', selector: { matchLabels: { env: 'staging' } }, want: ['engineering-dev'] },
    { name: 'In', selector: { matchExpressions: [{ key: 'env', operator: 'In', values: ['staging', 'prod'] }] }, want: ['engineering-dev', 'engineering-prod'] },
    { name: 'NotIn keeps absent keys', selector: { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] }, want: ['engineering-dev', 'other'] },
    { name: 'Exists', selector: { matchExpressions: [{ key: 'env', operator: 'Exists' }] }, want: ['engineering-dev', 'engineering-prod'] },
    { name: 'DoesNotExist', selector: { matchExpressions: [{ key: 'env', operator: 'DoesNotExist' }] }, want: ['other'] },
    { name: 'empty selector keeps all', selector: {}, want: ['engineering-dev', 'engineering-prod', 'other'] },
  ];
  it.each(rows)('$name', async ({ selector, want }) => {
    const result = await runEntry({ list: { elements }, selector });
    expect(result.ok && result.params.map((p) => p.cluster)).toEqual(want);
  });

  it('treats a null selector as no selector', async () => {
    const result = await runEntry({ list: { elements }, selector: null });
    expect(result.ok && result.params).toHaveLength(3);
  });

  it('fails on an invalid selector instead of selecting nothing', async () => {
    const result = await runEntry({ list: { elements }, selector: { matchExpressions: [{ key: 'env', operator: 'Gt', values: ['1'] }] } });
    expect(result).toEqual({ ok: false, reason: expect.stringMatching(/spec\.generators\[0\]\.selector: matchExpressions\[0\]\.operator: unknown operator "Gt"/) });
  });
});
