import { describe } from 'vitest';
import { errorRows, resultRows } from './testing/function-table';

const EMAIL = '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}';

describe('sprig regex functions (Go RE2 semantics)', () => {
  resultRows([
    ['regexMatch', 'regexMatch', [EMAIL, 'test@acme.com'], true],
    ['regexMatch no match', 'regexMatch', [EMAIL, 'test@acme'], false],
    ['regexMatch with a bad pattern is false', 'regexMatch', ['(', 'x'], false],
    ['regexMatch (?i) flag', 'regexMatch', ['(?i)^PROD', 'production'], true],
    ['regexMatch POSIX class', 'regexMatch', ['^[[:alpha:]]+$', 'abc'], true],
    ['regexMatch \\pL', 'regexMatch', ['^\\pL+$', 'café'], true],
    ['regexMatch \\A and \\z', 'regexMatch', ['\\Aab\\z', 'ab'], true],
    ['mustRegexMatch', 'mustRegexMatch', ['^v\\d+', 'v12'], true],
    ['regexFindAll', 'regexFindAll', ['a{2}', 'aaaa', -1n], ['aa', 'aa']],
    ['regexFindAll limited', 'regexFindAll', ['a{2}', 'aaaaaaaa', 1n], ['aa']],
    ['regexFindAll none', 'regexFindAll', ['a{2}', 'none', -1n], []],
    ['regexFindAll skips an empty match right after a match', 'regexFindAll', ['a*', 'baaac', -1n], ['', 'aaa', '']],
    ['regexFind', 'regexFind', ['fo.?', 'foo foe fome'], 'foo'],
    ['regexFind none', 'regexFind', ['fo.?', 'none'], ''],
    ['regexReplaceAll', 'regexReplaceAll', ['a(x*)b', '-ab-axxb-', 'T'], '-T-T-'],
    ['regexReplaceAll $1', 'regexReplaceAll', ['a(x*)b', '-ab-axxb-', '$1'], '--xx-'],
    ['regexReplaceAll $1W names group "1W"', 'regexReplaceAll', ['a(x*)b', '-ab-axxb-', '$1W'], '---'],
    ['regexReplaceAll ${1}W', 'regexReplaceAll', ['a(x*)b', '-ab-axxb-', '${1}W'], '-W-xxW-'],
    ['regexReplaceAll named group', 'regexReplaceAll', ['(?P<env>\\w+)-(?P<region>\\w+)', 'prod-eu', '${region}.${env}'], 'eu.prod'],
    ['regexReplaceAll $$', 'regexReplaceAll', ['x', 'axb', '$$'], 'a$b'],
    ['regexReplaceAll empty matches as Go', 'regexReplaceAll', ['a*', 'baaac', 'X'], 'XbXcX'],
    ['regexReplaceAll branch name', 'regexReplaceAll', ['[^a-z0-9-]', 'feature/abc_1', '-'], 'feature-abc-1'],
    ['regexReplaceAllLiteral', 'regexReplaceAllLiteral', ['a(x*)b', '-ab-axxb-', '${1}'], '-${1}-${1}-'],
    ['regexSplit', 'regexSplit', ['a', 'banana', -1n], ['b', 'n', 'n', '']],
    ['regexSplit zero', 'regexSplit', ['a', 'banana', 0n], []],
    ['regexSplit one', 'regexSplit', ['a', 'banana', 1n], ['banana']],
    ['regexSplit two', 'regexSplit', ['a', 'banana', 2n], ['b', 'nana']],
    ['regexSplit z+', 'regexSplit', ['z+', 'pizza', -1n], ['pi', 'a']],
    ['regexQuoteMeta', 'regexQuoteMeta', ['1.2.3+x'], '1\\.2\\.3\\+x'],
  ]);

  errorRows([
    ['mustRegexMatch with a bad pattern', 'mustRegexMatch', ['(', 'x'], /error parsing regexp/],
    ['regexReplaceAll with a bad pattern (MustCompile panics)', 'regexReplaceAll', ['[', 'x', 'y'], /error parsing regexp/],
    ['regexFindAll with a float limit', 'regexFindAll', ['a', 'a', -1], /expected int; got float64/],
    ['regexMatch of nil', 'regexMatch', ['a', null], /invalid value; expected string/],
    ['an unknown POSIX class', 'mustRegexMatch', ['[[:constructor:]]', 'x'], /invalid character class range/],
    ['(?U) is not supported', 'regexFind', ['(?U)a+', 'aa'], /not supported/],
  ]);
});
