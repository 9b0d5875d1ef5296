import { describe, expect, it } from 'vitest';
import { matchRevision, parseLsRemote } from './revisions';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const T = 'c'.repeat(40);
const REFS = parseLsRemote(
  [`${A}\tHEAD`, `${A}\trefs/heads/main`, `${B}\trefs/heads/release`, `${T}\trefs/tags/v1`, `${B}\trefs/tags/v1^{}`, `${A}\trefs/tags/release`, 'garbage line'].join('\n'),
);

describe('matchRevision', () => {
  it.each([
    { name: 'HEAD', revision: 'HEAD', expected: { kind: 'ref', ref: 'HEAD', sha: A } },
    { name: 'empty is HEAD', revision: '  ', expected: { kind: 'ref', ref: 'HEAD', sha: A } },
    { name: 'branch', revision: 'main', expected: { kind: 'ref', ref: 'refs/heads/main', sha: A } },
    { name: 'branch wins over a tag of the same name', revision: 'release', expected: { kind: 'ref', ref: 'refs/heads/release', sha: B } },
    { name: 'annotated tag resolves to its commit', revision: 'v1', expected: { kind: 'ref', ref: 'refs/tags/v1', sha: B } },
    { name: 'full ref name', revision: 'refs/tags/release', expected: { kind: 'ref', ref: 'refs/tags/release', sha: A } },
    { name: 'full SHA of a branch tip', revision: B.toUpperCase(), expected: { kind: 'ref', ref: 'refs/heads/release', sha: B } },
    { name: 'full SHA no ref points at', revision: 'd'.repeat(40), expected: { kind: 'commit', candidate: 'd'.repeat(40), full: true } },
    { name: 'short SHA', revision: 'abc1234', expected: { kind: 'commit', candidate: 'abc1234', full: false } },
    { name: 'unknown branch', revision: 'feature/x', expected: { kind: 'missing' } },
    { name: 'option-like', revision: '-n', expected: { kind: 'invalid' } },
    { name: 'revision expression', revision: 'main~1', expected: { kind: 'invalid' } },
    { name: 'range', revision: 'a..b', expected: { kind: 'invalid' } },
  ])('$name', ({ revision, expected }) => {
    expect(matchRevision(REFS, revision)).toMatchObject(expected);
  });

  it('reports HEAD as missing for an empty repository', () => {
    expect(matchRevision(new Map(), 'HEAD')).toEqual({ kind: 'missing' });
  });
});
