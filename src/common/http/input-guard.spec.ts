import { describe, expect, it } from 'vitest';
import { fieldName, findBodyProblem, findParameterProblem, MAX_BODY_DEPTH, unusableTextReason } from './input-guard';

const BUDGET = 1024 * 1024;

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let level = 0; level < depth; level++) value = [value];
  return value;
}

describe('unusableTextReason', () => {
  const rows: { name: string; text: string; singleLine: boolean; want?: RegExp }[] = [
    { name: 'plain text', text: 'prod-eu', singleLine: true },
    { name: 'non-ASCII text and a surrogate pair', text: 'zürich 🚀', singleLine: true },
    { name: 'newlines and tabs in a body string', text: 'a:\n\tb\r\n', singleLine: false },
    { name: 'a replacement character (bad UTF-8 in a query)', text: 'a\uFFFDb', singleLine: true },
    { name: 'NUL in a body string', text: 'a\u0000b', singleLine: false, want: /NUL/ },
    { name: 'NUL in a parameter', text: '\u0000', singleLine: true, want: /NUL/ },
    { name: 'a lone high surrogate', text: 'x\uD800', singleLine: false, want: /surrogate/ },
    { name: 'a lone low surrogate', text: '\uDC00y', singleLine: true, want: /surrogate/ },
    { name: 'a newline in a parameter', text: 'a\nb', singleLine: true, want: /control/ },
    { name: 'DEL in a parameter', text: 'a\u007Fb', singleLine: true, want: /control/ },
    { name: 'BEL in a body string', text: 'a\u0007b', singleLine: false },
  ];
  it.each(rows)('$name', ({ text, singleLine, want }) => {
    const reason = unusableTextReason(text, singleLine);
    if (want) expect(reason).toMatch(want);
    else expect(reason).toBeUndefined();
  });
});

describe('fieldName', () => {
  it('joins a path with dots and escapes unprintable characters', () => {
    expect(fieldName(['spec', 'items', 3, 'name'])).toBe('spec.items.3.name');
    expect(fieldName(['labels', 'a\u0000b', 'x\uD800'])).toBe('labels.a\\u0000b.x\\ud800');
  });
});

describe('findBodyProblem', () => {
  const rows: { name: string; body: unknown; field?: string; reason?: RegExp }[] = [
    { name: 'no body', body: undefined },
    { name: 'an ordinary manifest', body: { spec: { template: { metadata: { name: 'a', labels: { env: 'prod' } } } }, items: [1, true, null] } },
    { name: 'nested exactly to the limit', body: nested(MAX_BODY_DEPTH) },
    { name: 'a NUL deep in a value', body: { spec: { template: { metadata: { name: 'a\u0000' } } } }, field: 'spec.template.metadata.name', reason: /NUL/ },
    { name: 'a NUL in a key', body: { labels: { 'a\u0000': 'x' } }, field: 'labels.a\\u0000', reason: /key contains a NUL/ },
    { name: 'a lone surrogate in an array item', body: { items: ['ok', '\uD800'] }, field: 'items.1', reason: /surrogate/ },
    { name: 'a lone surrogate as the whole body', body: '\uDFFF', field: '(body)', reason: /surrogate/ },
    { name: 'a __proto__ key', body: JSON.parse('{"spec":{"__proto__":{"polluted":true}}}'), field: 'spec.__proto__', reason: /reserved key/ },
    { name: 'nested one level too deep', body: nested(MAX_BODY_DEPTH + 1), reason: /deeper than 64/ },
    { name: 'nested 100,000 levels deep', body: nested(100_000), reason: /deeper than 64/ },
  ];
  it.each(rows)('$name', ({ body, field, reason }) => {
    const problem = findBodyProblem(body, BUDGET);
    if (!reason) return expect(problem).toBeUndefined();
    expect(problem?.kind).toBe('invalid');
    if (problem?.kind !== 'invalid') return;
    expect(problem.detail.reason).toMatch(reason);
    if (field) expect(problem.detail.field).toBe(field);
  });

  it('stops an exponential expansion of shared objects at the budget', () => {
    // What toJS makes of a "billion laughs": each level holds the previous one nine times, by reference.
    let level: unknown = 'lol'.repeat(3);
    for (let depth = 0; depth < 12; depth++) level = Array.from({ length: 9 }, () => level);
    expect(findBodyProblem({ bomb: level }, BUDGET)).toEqual({ kind: 'too-large', limitBytes: BUDGET });
  });

  it('stops a linear but large expansion at the budget', () => {
    const big = 'x'.repeat(100_000);
    expect(findBodyProblem(Array.from({ length: 9 }, () => big), BUDGET)).toBeUndefined();
    expect(findBodyProblem(Array.from({ length: 11 }, () => big), BUDGET)?.kind).toBe('too-large');
  });
});

describe('findParameterProblem', () => {
  const rows: { name: string; part: 'path' | 'query'; parameters?: Record<string, unknown>; want?: { field: string; reason: RegExp } }[] = [
    { name: 'no parameters', part: 'query', parameters: undefined },
    { name: 'ordinary parameters', part: 'query', parameters: { selector: 'env in (a,b)', limit: '10', tag: ['a', 'b'] } },
    { name: 'a NUL in a path parameter', part: 'path', parameters: { name: 'a\u0000' }, want: { field: 'path.name', reason: /NUL/ } },
    { name: 'a NUL in a query parameter', part: 'query', parameters: { cluster: '\u0000' }, want: { field: 'query.cluster', reason: /NUL/ } },
    { name: 'a control character in a repeated query parameter', part: 'query', parameters: { tag: ['ok', 'a\tb'] }, want: { field: 'query.tag', reason: /control/ } },
    { name: 'a control character in a query parameter name', part: 'query', parameters: { 'a\u0001': 'x' }, want: { field: 'query.a\\u0001', reason: /name contains a control/ } },
    { name: 'a lone surrogate in a path parameter', part: 'path', parameters: { id: '\uD800' }, want: { field: 'path.id', reason: /surrogate/ } },
  ];
  it.each(rows)('$name', ({ part, parameters, want }) => {
    const problem = findParameterProblem(part, parameters);
    if (!want) return expect(problem).toBeUndefined();
    expect(problem?.field).toBe(want.field);
    expect(problem?.reason).toMatch(want.reason);
  });
});
