import { describe, expect, it } from 'vitest';
import { fromLabelSelector, LabelSelectorError, matchesSelector, parseLabelSelector, type LabelSelectorObject } from './index';

describe('matchesSelector', () => {
  const labels = { env: 'staging', tier: 'web', region: '' };
  const rows: { name: string; selector: string; want: boolean }[] = [
    { name: 'empty selector matches everything', selector: '', want: true },
    { name: 'In hit', selector: 'env in (staging,production)', want: true },
    { name: 'In miss', selector: 'env in (production)', want: false },
    { name: 'In on absent key', selector: 'zone in (a)', want: false },
    { name: 'equals hit', selector: 'tier=web', want: true },
    { name: 'equals empty value on empty label', selector: 'region=', want: true },
    { name: 'NotIn hit', selector: 'env notin (production)', want: true },
    { name: 'NotIn miss', selector: 'env!=staging', want: false },
    { name: 'NotIn matches an absent key', selector: 'zone!=a', want: true },
    { name: 'Exists hit', selector: 'tier', want: true },
    { name: 'Exists on empty value', selector: 'region', want: true },
    { name: 'Exists miss', selector: 'zone', want: false },
    { name: 'DoesNotExist hit', selector: '!zone', want: true },
    { name: 'DoesNotExist miss', selector: '!env', want: false },
    { name: 'all requirements must hold', selector: 'env=staging,tier=db', want: false },
    { name: 'conjunction hit', selector: 'env=staging,tier=web,!zone', want: true },
    { name: 'inherited property is not a label', selector: 'constructor', want: false },
  ];
  it.each(rows)('$name', ({ selector, want }) => {
    expect(matchesSelector(parseLabelSelector(selector), labels)).toBe(want);
  });
});

describe('fromLabelSelector', () => {
  const valid: { name: string; selector: LabelSelectorObject; labels: Record<string, string>; want: boolean }[] = [
    { name: 'empty object matches everything', selector: {}, labels: {}, want: true },
    { name: 'null fields mean absent', selector: { matchLabels: null, matchExpressions: null }, labels: {}, want: true },
    { name: 'Exists with null values', selector: { matchExpressions: [{ key: 'a', operator: 'Exists', values: null }] }, labels: { a: '' }, want: true },
    { name: 'matchLabels hit', selector: { matchLabels: { env: 'prod' } }, labels: { env: 'prod' }, want: true },
    { name: 'matchLabels miss', selector: { matchLabels: { env: 'prod' } }, labels: { env: 'dev' }, want: false },
    {
      name: 'matchLabels and matchExpressions are ANDed',
      selector: { matchLabels: { env: 'prod' }, matchExpressions: [{ key: 'tier', operator: 'Exists' }] },
      labels: { env: 'prod' },
      want: false,
    },
    {
      name: 'In expression',
      selector: { matchExpressions: [{ key: 'env', operator: 'In', values: ['staging', 'production'] }] },
      labels: { env: 'production' },
      want: true,
    },
    {
      name: 'NotIn expression with absent key',
      selector: { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['dev'] }] },
      labels: {},
      want: true,
    },
    {
      name: 'DoesNotExist expression with empty values list',
      selector: { matchExpressions: [{ key: 'legacy', operator: 'DoesNotExist', values: [] }] },
      labels: { env: 'x' },
      want: true,
    },
  ];
  it.each(valid)('$name', ({ selector, labels, want }) => {
    expect(matchesSelector(fromLabelSelector(selector), labels)).toBe(want);
  });

  const invalid: { name: string; selector: LabelSelectorObject; message: RegExp }[] = [
    {
      name: 'unknown operator',
      selector: { matchExpressions: [{ key: 'env', operator: 'Equals', values: ['a'] }] },
      message: /matchExpressions\[0\]\.operator: unknown operator "Equals"/,
    },
    {
      name: 'In without values',
      selector: { matchExpressions: [{ key: 'env', operator: 'In' }] },
      message: /matchExpressions\[0\]\.values: operator In requires at least one value/,
    },
    {
      name: 'NotIn with empty values',
      selector: { matchExpressions: [{ key: 'env', operator: 'NotIn', values: [] }] },
      message: /operator NotIn requires at least one value/,
    },
    {
      name: 'Exists with values',
      selector: { matchExpressions: [{ key: 'a', operator: 'Exists' }, { key: 'env', operator: 'Exists', values: ['a'] }] },
      message: /matchExpressions\[1\]\.values: operator Exists must not have values/,
    },
    {
      name: 'invalid expression key',
      selector: { matchExpressions: [{ key: 'bad key', operator: 'Exists' }] },
      message: /matchExpressions\[0\]\.key: invalid label key/,
    },
    {
      name: 'invalid expression value',
      selector: { matchExpressions: [{ key: 'env', operator: 'In', values: ['ok', 'not ok'] }] },
      message: /matchExpressions\[0\]\.values\[1\]: invalid label value/,
    },
    { name: 'invalid matchLabels key', selector: { matchLabels: { 'a/b/c': 'x' } }, message: /matchLabels\.a\/b\/c: invalid label key/ },
    { name: 'invalid matchLabels value', selector: { matchLabels: { env: 'x y' } }, message: /matchLabels\.env: invalid label value/ },
  ];
  it.each(invalid)('rejects $name', ({ selector, message }) => {
    expect(() => fromLabelSelector(selector)).toThrow(LabelSelectorError);
    expect(() => fromLabelSelector(selector)).toThrow(message);
  });
});
