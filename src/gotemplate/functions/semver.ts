import type { GoMap } from '../value';
import { buildFunctions, fail, stringArg } from './args';

/**
 * Masterminds/semver v3.4 (the version Argo CD builds with) as sprig uses it. `semverCompare ">=1.2.0 <2, ~3.1 || ^4"`:
 * `||` separates alternatives, commas or spaces join requirements, `x`/`*`/missing parts are wildcards, and a
 * pre-release version only satisfies a group of requirements that names a pre-release somewhere. `semver` returns a
 * dict with the *Version's method names as keys (Major, Minor, Patch, Prerelease, Metadata, Original), so
 * `(semver "1.2.3").Major` works.
 */

interface Version {
  major: bigint;
  minor: bigint;
  patch: bigint;
  prerelease: string;
  metadata: string;
  original: string;
}

const IDENTIFIERS = '[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*';
const VERSION = new RegExp(`^v?(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:-(${IDENTIFIERS}))?(?:\\+(${IDENTIFIERS}))?$`);
const CONSTRAINT_VERSION = `v?([0-9xX*]+)(\\.[0-9xX*]+)?(\\.[0-9xX*]+)?(?:-(${IDENTIFIERS}))?(?:\\+(${IDENTIFIERS}))?`;
const OPERATORS = '!=|>=|=>|<=|=<|~>|=|>|<|~|\\^';
const SINGLE_CONSTRAINT = new RegExp(`(${OPERATORS})?\\s*(${CONSTRAINT_VERSION})`, 'g');
const GROUP = new RegExp(`^(\\s*(?:${OPERATORS})?\\s*${CONSTRAINT_VERSION}\\s*,?)+$`);
const HYPHEN_RANGE = new RegExp(`\\s*(${CONSTRAINT_VERSION})\\s+-\\s+(${CONSTRAINT_VERSION})\\s*`, 'g');

export function parseVersion(text: string): Version {
  const match = VERSION.exec(text);
  if (!match) fail('invalid semantic version');
  const prerelease = match[4] ?? '';
  for (const part of prerelease ? prerelease.split('.') : []) {
    if (/^\d+$/.test(part) && part.length > 1 && part.startsWith('0')) fail('version segment starts with 0');
  }
  return { major: BigInt(match[1]), minor: BigInt(match[2] ?? 0), patch: BigInt(match[3] ?? 0), prerelease, metadata: match[5] ?? '', original: text };
}

function comparePrerelease(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '') return 1;
  if (b === '') return -1;
  const left = a.split('.');
  const right = b.split('.');
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    if (i >= left.length) return -1;
    if (i >= right.length) return 1;
    const [x, y] = [left[i], right[i]];
    if (x === y) continue;
    const [xNumeric, yNumeric] = [/^\d+$/.test(x), /^\d+$/.test(y)];
    if (xNumeric && yNumeric) return BigInt(x) < BigInt(y) ? -1 : 1;
    if (xNumeric !== yNumeric) return xNumeric ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

export function compareVersions(a: Version, b: Version): number {
  for (const key of ['major', 'minor', 'patch'] as const) if (a[key] !== b[key]) return a[key] < b[key] ? -1 : 1;
  return comparePrerelease(a.prerelease, b.prerelease);
}

interface Constraint {
  operator: string;
  version: Version;
  dirty: boolean;
  minorDirty: boolean;
  patchDirty: boolean;
}

const isWildcard = (part: string | undefined): boolean => part !== undefined && ['x', 'X', '*'].includes(part.replace(/^\./, ''));

/** parseConstraint: wildcards and missing parts become 0 and mark the constraint "dirty" at that level. */
function parseConstraint(operator: string, major: string, minor: string | undefined, patch: string | undefined, prerelease?: string): Constraint {
  const suffix = prerelease ? `-${prerelease}` : '';
  const make = (text: string, minorDirty: boolean, patchDirty: boolean, dirty: boolean): Constraint => ({ operator, version: parseVersion(text), dirty, minorDirty, patchDirty });
  if (isWildcard(major)) return make(`0.0.0${suffix}`, false, false, true);
  if (minor === undefined || isWildcard(minor)) return make(`${major}.0.0${suffix}`, true, false, true);
  if (patch === undefined || isWildcard(patch)) return make(`${major}${minor}.0${suffix}`, false, true, true);
  return make(`${major}${minor}${patch}${suffix}`, false, false, false);
}

function tilde(v: Version, c: Constraint): boolean {
  if (compareVersions(v, c.version) < 0) return false;
  // ~0.0.0 (and `*`, which parses to it) accepts everything.
  if (c.version.major === 0n && c.version.minor === 0n && c.version.patch === 0n && !c.minorDirty && !c.patchDirty) return true;
  if (v.major !== c.version.major) return false;
  return v.minor === c.version.minor || c.minorDirty;
}

function caret(v: Version, c: Constraint): boolean {
  if (compareVersions(v, c.version) < 0) return false;
  if (c.version.major > 0n || c.minorDirty) return v.major === c.version.major;
  if (v.major > 0n) return false;
  if (c.version.minor > 0n || c.patchDirty) return v.minor === c.version.minor;
  if (v.minor > 0n) return false;
  return v.patch === c.version.patch;
}

function notEqual(v: Version, c: Constraint): boolean {
  if (c.dirty) {
    if (v.major !== c.version.major) return true;
    if (v.minor !== c.version.minor && !c.minorDirty) return true;
    if (c.minorDirty) return false;
    if (v.patch !== c.version.patch && !c.patchDirty) return true;
    if (c.patchDirty) return (v.prerelease !== '' || c.version.prerelease !== '') && comparePrerelease(v.prerelease, c.version.prerelease) !== 0;
  }
  return compareVersions(v, c.version) !== 0;
}

/** One constraint; `includePrerelease` is true when its ||-group names a pre-release somewhere (semver v3.4). */
function check(v: Version, c: Constraint, includePrerelease: boolean): boolean {
  if (v.prerelease !== '' && !includePrerelease) return false;
  const cmp = compareVersions(v, c.version);
  switch (c.operator) {
    case '':
    case '=':
      return c.dirty ? tilde(v, c) : cmp === 0;
    case '!=':
      return notEqual(v, c);
    case '>':
      if (!c.dirty || (v.major === c.version.major && !c.minorDirty && !c.patchDirty)) return cmp > 0;
      if (v.major !== c.version.major) return v.major > c.version.major;
      return !c.minorDirty && v.minor > c.version.minor;
    case '<':
      return cmp < 0;
    case '>=':
    case '=>':
      return cmp >= 0;
    case '<=':
    case '=<':
      if (!c.dirty) return cmp <= 0;
      if (v.major > c.version.major) return false;
      return !(v.major === c.version.major && v.minor > c.version.minor && !c.minorDirty);
    case '~':
    case '~>':
      return tilde(v, c);
    default:
      return caret(v, c);
  }
}

/** NewConstraint + Check. */
export function satisfies(constraintText: string, version: Version): boolean {
  const groups = constraintText.split('||').map((group) =>
    group.replace(HYPHEN_RANGE, (_whole, low: string, ...rest: string[]) => ` >= ${low}, <= ${rest[5]} `),
  );
  const parsed = groups.map((group) => {
    if (!GROUP.test(group)) fail(`improper constraint: ${constraintText}`);
    return [...group.matchAll(SINGLE_CONSTRAINT)].map((m) => parseConstraint(m[1] ?? '', m[3], m[4], m[5], m[6]));
  });
  return parsed.some((constraints) => {
    const includePrerelease = constraints.some((c) => c.version.prerelease !== '');
    return constraints.every((c) => check(version, c, includePrerelease));
  });
}

function versionDict(version: Version): GoMap {
  return {
    Major: version.major, Minor: version.minor, Patch: version.patch, Prerelease: version.prerelease, Metadata: version.metadata,
    Original: version.original,
  };
}

export const semverFunctions = buildFunctions({
  semver: [1, 1, (v) => versionDict(parseVersion(stringArg(v)))],
  semverCompare: [2, 2, (constraint, v) => satisfies(stringArg(constraint), parseVersion(stringArg(v)))],
});
