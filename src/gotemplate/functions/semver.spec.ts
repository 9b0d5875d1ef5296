import { describe } from 'vitest';
import { errorRows, resultRows } from './testing/function-table';

describe('semver and semverCompare (Masterminds/semver v3)', () => {
  resultRows([
    ['equal', 'semverCompare', ['1.2.3', '1.2.3'], true],
    ['caret in range', 'semverCompare', ['^1.2.0', '1.2.3'], true],
    ['caret next major', 'semverCompare', ['^1.2.0', '2.2.3'], false],
    ['caret 0.x stays in minor', 'semverCompare', ['^0.2.3', '0.3.0'], false],
    ['caret 0.0.x stays in patch', 'semverCompare', ['^0.0.3', '0.0.4'], false],
    ['tilde in minor', 'semverCompare', ['~1.2.3', '1.2.9'], true],
    ['tilde next minor', 'semverCompare', ['~1.2.3', '1.3.0'], false],
    ['tilde major only', 'semverCompare', ['~1', '1.9.0'], true],
    ['greater or equal', 'semverCompare', ['>=1.21.0', '1.27.3'], true],
    ['greater or equal with v prefix', 'semverCompare', ['>=1.21.0', 'v1.20.1'], false],
    ['range with comma', 'semverCompare', ['>= 1.2, < 3.0.0', '2.5.0'], true],
    ['range with space', 'semverCompare', ['>=1.2 <3', '3.0.0'], false],
    ['or', 'semverCompare', ['<1.0.0 || >=2.0.0', '2.1.0'], true],
    ['or neither', 'semverCompare', ['<1.0.0 || >=2.0.0', '1.5.0'], false],
    ['wildcard', 'semverCompare', ['1.2.x', '1.2.7'], true],
    ['wildcard other minor', 'semverCompare', ['1.2.x', '1.3.0'], false],
    ['star', 'semverCompare', ['*', '4.5.6'], true],
    ['hyphen range', 'semverCompare', ['1.1 - 2.0', '1.9.9'], true],
    ['hyphen range: a partial upper bound includes its patches', 'semverCompare', ['1.1 - 2.0', '2.0.1'], true],
    ['hyphen range upper bound', 'semverCompare', ['1.1 - 2.0', '2.1.0'], false],
    ['not equal', 'semverCompare', ['!=1.2.3', '1.2.4'], true],
    ['greater than a partial version', 'semverCompare', ['>1.2', '1.2.5'], false],
    ['greater than a partial version, next minor', 'semverCompare', ['>1.2', '1.3.0'], true],
    ['pre-release excluded from plain constraints', 'semverCompare', ['>=1.0.0', '1.5.0-rc.1'], false],
    ['pre-release allowed when the constraint names one', 'semverCompare', ['>=1.5.0-rc.0', '1.5.0-rc.1'], true],
    ['pre-release ordering', 'semverCompare', ['<1.5.0-rc.10', '1.5.0-rc.2'], true],
    ['kubernetes-style version', 'semverCompare', ['>=1.25.0-0', 'v1.27.3-gke.100'], true],
    ['semver fields', 'semver', ['1.2.3-beta.1+c0ff33'], { Major: 1n, Minor: 2n, Patch: 3n, Prerelease: 'beta.1', Metadata: 'c0ff33', Original: '1.2.3-beta.1+c0ff33' }],
    ['semver of a partial version', 'semver', ['v2'], { Major: 2n, Minor: 0n, Patch: 0n, Prerelease: '', Metadata: '', Original: 'v2' }],
  ]);

  errorRows([
    ['bad constraint', 'semverCompare', ['badConstraint', '1.2.3'], /improper constraint/],
    ['bad version', 'semverCompare', ['1.2.0', 'badVersion'], /Invalid Semantic Version/],
    ['leading zero in a pre-release number', 'semver', ['1.2.3-01'], /Version segment starts with 0/],
    ['semver of nil', 'semver', [null], /invalid value; expected string/],
  ]);
});
