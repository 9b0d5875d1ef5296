import { describe, expect, it } from 'vitest';
import { validateDns1123Label, validateDns1123Subdomain, validateLabelKey, validateLabelValue } from './index';

describe('validateLabelKey', () => {
  const rows: { name: string; key: string; reason?: RegExp }[] = [
    { name: 'simple name', key: 'env' },
    { name: 'name with dots, dashes, underscores', key: 'a.b-c_d' },
    { name: 'prefixed', key: 'app.kubernetes.io/name' },
    { name: 'uppercase name part', key: 'example.com/MyKey' },
    { name: 'name of 63 characters', key: 'a'.repeat(63) },
    { name: 'prefix of 253 characters', key: `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}/x` },
    { name: 'empty', key: '', reason: /empty name part/ },
    { name: 'empty prefix', key: '/name', reason: /empty prefix/ },
    { name: 'empty name after prefix', key: 'example.com/', reason: /empty name part/ },
    { name: 'two slashes', key: 'a/b/c', reason: /at most one/ },
    { name: 'name of 64 characters', key: 'a'.repeat(64), reason: /no more than 63/ },
    { name: 'prefix of 254 characters', key: `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}/x`, reason: /no more than 253/ },
    { name: 'name starting with a dash', key: '-a', reason: /must start and end/ },
    { name: 'uppercase prefix', key: 'Example.com/a', reason: /lower case/ },
    { name: 'space in name', key: 'a b', reason: /must consist/ },
  ];
  it.each(rows)('$name', ({ key, reason }) => {
    const got = validateLabelKey(key);
    if (reason === undefined) expect(got).toBeUndefined();
    else expect(got).toMatch(reason);
  });
});

describe('validateLabelValue', () => {
  const rows: { name: string; value: string; reason?: RegExp }[] = [
    { name: 'empty', value: '' },
    { name: 'single character', value: 'a' },
    { name: 'mixed', value: 'Prod_1.2-x' },
    { name: '63 characters', value: 'v'.repeat(63) },
    { name: '64 characters', value: 'v'.repeat(64), reason: /no more than 63/ },
    { name: 'slash', value: 'a/b', reason: /must be empty or consist/ },
    { name: 'ending with a dot', value: 'a.', reason: /must be empty or consist/ },
  ];
  it.each(rows)('$name', ({ value, reason }) => {
    const got = validateLabelValue(value);
    if (reason === undefined) expect(got).toBeUndefined();
    else expect(got).toMatch(reason);
  });
});

describe('validateDns1123Subdomain', () => {
  const rows: { name: string; value: string; reason?: RegExp }[] = [
    { name: 'simple', value: 'my-api' },
    { name: 'dotted', value: 'my-api.prod' },
    { name: 'empty', value: '', reason: /empty/ },
    { name: 'uppercase', value: 'My-api', reason: /lower case/ },
    { name: 'underscore', value: 'my_api', reason: /lower case/ },
    { name: 'too long', value: 'a'.repeat(254), reason: /253/ },
  ];
  it.each(rows)('$name', ({ value, reason }) => {
    const got = validateDns1123Subdomain(value);
    if (reason === undefined) expect(got).toBeUndefined();
    else expect(got).toMatch(reason);
  });
});

describe('validateDns1123Label', () => {
  const rows: { name: string; value: string; reason?: RegExp }[] = [
    { name: 'simple', value: 'kube-system' },
    { name: 'digits first', value: '1abc' },
    { name: 'empty', value: '', reason: /empty/ },
    { name: 'dot', value: 'a.b', reason: /lower case alphanumeric characters or '-'/ },
    { name: 'trailing dash', value: 'abc-', reason: /start and end/ },
    { name: '64 characters', value: 'a'.repeat(64), reason: /63/ },
  ];
  it.each(rows)('$name', ({ value, reason }) => {
    const got = validateDns1123Label(value);
    if (reason === undefined) expect(got).toBeUndefined();
    else expect(got).toMatch(reason);
  });
});
