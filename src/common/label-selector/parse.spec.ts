import { describe, expect, it } from 'vitest';
import { LabelSelectorError, parseLabelSelector, type SelectorRequirement } from './index';

describe('parseLabelSelector', () => {
  const valid: { name: string; text: string; want: SelectorRequirement[] }[] = [
    { name: 'empty string selects everything', text: '', want: [] },
    { name: 'only whitespace', text: '   ', want: [] },
    { name: 'exists', text: 'app', want: [{ key: 'app', operator: 'Exists', values: [] }] },
    { name: 'does not exist', text: '!legacy', want: [{ key: 'legacy', operator: 'DoesNotExist', values: [] }] },
    { name: '= becomes In', text: 'a=b', want: [{ key: 'a', operator: 'In', values: ['b'] }] },
    { name: '== becomes In', text: 'a==b', want: [{ key: 'a', operator: 'In', values: ['b'] }] },
    { name: '!= becomes NotIn', text: 'tier!=db', want: [{ key: 'tier', operator: 'NotIn', values: ['db'] }] },
    { name: 'empty exact value', text: 'a=', want: [{ key: 'a', operator: 'In', values: [''] }] },
    { name: 'empty exact value before comma', text: 'a=,b', want: [
      { key: 'a', operator: 'In', values: [''] },
      { key: 'b', operator: 'Exists', values: [] },
    ] },
    {
      name: 'in set',
      text: 'env in (staging,production)',
      want: [{ key: 'env', operator: 'In', values: ['staging', 'production'] }],
    },
    { name: 'notin set', text: 'env notin (dev)', want: [{ key: 'env', operator: 'NotIn', values: ['dev'] }] },
    { name: 'set without spaces', text: 'env in(a,b)', want: [{ key: 'env', operator: 'In', values: ['a', 'b'] }] },
    { name: 'set duplicates removed', text: 'env in (a,a,b)', want: [{ key: 'env', operator: 'In', values: ['a', 'b'] }] },
    { name: 'empty set is the empty value', text: 'env in ()', want: [{ key: 'env', operator: 'In', values: [''] }] },
    { name: 'leading comma adds empty value', text: 'env in (,a)', want: [{ key: 'env', operator: 'In', values: ['', 'a'] }] },
    { name: 'keyword as value', text: 'x in (in,notin)', want: [{ key: 'x', operator: 'In', values: ['in', 'notin'] }] },
    {
      name: 'prefixed key',
      text: 'app.kubernetes.io/name=api',
      want: [{ key: 'app.kubernetes.io/name', operator: 'In', values: ['api'] }],
    },
    {
      name: 'everything together with whitespace',
      text: ' env in ( staging , production ) , tier != db , app , ! legacy , a=b , c==d ',
      want: [
        { key: 'env', operator: 'In', values: ['staging', 'production'] },
        { key: 'tier', operator: 'NotIn', values: ['db'] },
        { key: 'app', operator: 'Exists', values: [] },
        { key: 'legacy', operator: 'DoesNotExist', values: [] },
        { key: 'a', operator: 'In', values: ['b'] },
        { key: 'c', operator: 'In', values: ['d'] },
      ],
    },
  ];
  it.each(valid)('$name', ({ text, want }) => {
    expect(parseLabelSelector(text)).toEqual(want);
  });

  const invalid: { name: string; text: string; message: RegExp }[] = [
    { name: 'trailing comma', text: 'a=b,', message: /position 4: found 'end of string', expected a label key/ },
    { name: 'leading comma', text: ',a', message: /position 0: found ',', expected a label key/ },
    { name: 'double comma', text: 'a,,b', message: /position 2/ },
    { name: 'missing open paren', text: 'env in a', message: /position 7: found 'a', expected '\('/ },
    { name: 'unclosed set', text: 'env in (a,b', message: /found 'end of string', expected ',' or '\)'/ },
    { name: 'space-separated set values', text: 'env in (a b)', message: /found 'b', expected ',' or '\)'/ },
    { name: 'unknown operator word', text: 'env has (a)', message: /found 'has', expected an operator/ },
    { name: 'two values after =', text: 'a=b c', message: /found 'c', expected ',' or end of string/ },
    { name: 'negated key with operator', text: '!a=b', message: /position 2: found '=', expected ',' or end of string/ },
    { name: 'numeric gt is unsupported', text: 'replicas>3', message: /operator '>' is not supported/ },
    { name: 'numeric lt is unsupported', text: 'replicas<3', message: /operator '<' is not supported/ },
    { name: 'keyword as key', text: 'in in (a)', message: /found 'in', expected a label key/ },
    { name: 'operator without key', text: '=b', message: /found '=', expected a label key/ },
    { name: 'invalid key characters', text: 'a$b=c', message: /invalid label key/ },
    { name: 'key with two slashes', text: 'a/b/c', message: /at most one '\/'/ },
    { name: 'key with uppercase prefix', text: 'Example.com/a', message: /prefix must consist of lower case/ },
    { name: 'key name too long', text: `${'k'.repeat(64)}=v`, message: /no more than 63 characters/ },
    { name: 'value too long', text: `k=${'v'.repeat(64)}`, message: /invalid label value: .*no more than 63/ },
    { name: 'value with invalid character', text: 'k in (a,b$)', message: /position 8: invalid label value/ },
    { name: 'value ending in dash', text: 'k=a-', message: /invalid label value/ },
  ];
  it.each(invalid)('rejects $name', ({ text, message }) => {
    expect(() => parseLabelSelector(text)).toThrow(LabelSelectorError);
    expect(() => parseLabelSelector(text)).toThrow(message);
  });
});
