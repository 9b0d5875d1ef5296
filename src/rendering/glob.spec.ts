import { describe, expect, it } from 'vitest';
import { matchesGlob } from './glob';

describe('matchesGlob (Argo CD include/exclude semantics)', () => {
  it.each([
    { name: 'star matches a file name', pattern: '*.yaml', text: 'deploy.yaml', match: true },
    { name: 'star crosses directories', pattern: '*.yaml', text: 'sub/deploy.yaml', match: true },
    { name: 'extension mismatch', pattern: '*.yaml', text: 'deploy.json', match: false },
    { name: 'braces', pattern: '{config.json,env-usw2/*}', text: 'env-usw2/a.yaml', match: true },
    { name: 'braces first alternative', pattern: '{config.json,env-usw2/*}', text: 'config.json', match: true },
    { name: 'braces no alternative matches', pattern: '{config.json,env-usw2/*}', text: 'env-use1/a.yaml', match: false },
    { name: 'nested braces', pattern: '{a,b{1,2}}.yaml', text: 'b2.yaml', match: true },
    { name: 'question mark', pattern: 'v?.yaml', text: 'v1.yaml', match: true },
    { name: 'class', pattern: '[ab].yaml', text: 'b.yaml', match: true },
    { name: 'negated class', pattern: '[!ab].yaml', text: 'b.yaml', match: false },
    { name: 'dots are literal', pattern: 'a.yaml', text: 'axyaml', match: false },
    { name: 'whole path must match', pattern: 'prod', text: 'prod/a.yaml', match: false },
  ])('$name', ({ pattern, text, match }) => {
    expect(matchesGlob(pattern, text)).toBe(match);
  });

  it.each([
    { name: 'unclosed brace', pattern: '{a,b' },
    { name: 'unclosed class', pattern: '[ab' },
  ])('rejects $name', ({ pattern }) => {
    expect(() => matchesGlob(pattern, 'a')).toThrow(/unclosed/);
  });
});
