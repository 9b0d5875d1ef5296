import { describe, expect, it } from 'vitest';
import { formatValue } from '../value';
import { argoCdFunctions } from './index';

/** Every name in sprig v3.3's GenericFuncMap. */
const SPRIG_NAMES = [
  'abbrev', 'abbrevboth', 'add', 'add1', 'add1f', 'addf', 'adler32sum', 'ago', 'all', 'any', 'append', 'atoi',
  'b32dec', 'b32enc', 'b64dec', 'b64enc', 'base', 'bcrypt', 'biggest', 'buildCustomCert', 'camelcase', 'cat',
  'ceil', 'chunk', 'clean', 'coalesce', 'compact', 'concat', 'contains', 'date', 'dateInZone', 'dateModify',
  'date_in_zone', 'date_modify', 'decryptAES', 'deepCopy', 'deepEqual', 'default', 'derivePassword', 'dict',
  'dig', 'dir', 'div', 'divf', 'duration', 'durationRound', 'empty', 'encryptAES', 'env', 'expandenv', 'ext',
  'fail', 'first', 'float64', 'floor', 'fromJson', 'genCA', 'genCAWithKey', 'genPrivateKey', 'genSelfSignedCert',
  'genSelfSignedCertWithKey', 'genSignedCert', 'genSignedCertWithKey', 'get', 'getHostByName', 'has', 'hasKey',
  'hasPrefix', 'hasSuffix', 'hello', 'htmlDate', 'htmlDateInZone', 'htpasswd', 'indent', 'initial', 'initials',
  'int', 'int64', 'isAbs', 'join', 'kebabcase', 'keys', 'kindIs', 'kindOf', 'last', 'list', 'lower', 'max',
  'maxf', 'merge', 'mergeOverwrite', 'min', 'minf', 'mod', 'mul', 'mulf', 'mustAppend', 'mustChunk',
  'mustCompact', 'mustDateModify', 'mustDeepCopy', 'mustFirst', 'mustFromJson', 'mustHas', 'mustInitial',
  'mustLast', 'mustMerge', 'mustMergeOverwrite', 'mustPrepend', 'mustPush', 'mustRegexFind', 'mustRegexFindAll',
  'mustRegexMatch', 'mustRegexReplaceAll', 'mustRegexReplaceAllLiteral', 'mustRegexSplit', 'mustRest',
  'mustReverse', 'mustSlice', 'mustToDate', 'mustToJson', 'mustToPrettyJson', 'mustToRawJson', 'mustUniq',
  'mustWithout', 'must_date_modify', 'nindent', 'nospace', 'now', 'omit', 'osBase', 'osClean', 'osDir', 'osExt',
  'osIsAbs', 'pick', 'pluck', 'plural', 'prepend', 'push', 'quote', 'randAlpha', 'randAlphaNum', 'randAscii',
  'randBytes', 'randInt', 'randNumeric', 'regexFind', 'regexFindAll', 'regexMatch', 'regexQuoteMeta',
  'regexReplaceAll', 'regexReplaceAllLiteral', 'regexSplit', 'repeat', 'replace', 'rest', 'reverse', 'round',
  'semver', 'semverCompare', 'seq', 'set', 'sha1sum', 'sha256sum', 'sha512sum', 'shuffle', 'slice', 'snakecase',
  'sortAlpha', 'split', 'splitList', 'splitn', 'squote', 'sub', 'subf', 'substr', 'swapcase', 'ternary', 'title',
  'toDate', 'toDecimal', 'toJson', 'toPrettyJson', 'toRawJson', 'toString', 'toStrings', 'trim', 'trimAll',
  'trimPrefix', 'trimSuffix', 'trimall', 'trunc', 'tuple', 'typeIs', 'typeIsLike', 'typeOf', 'uniq', 'unixEpoch',
  'unset', 'until', 'untilStep', 'untitle', 'upper', 'urlJoin', 'urlParse', 'uuidv4', 'values', 'without', 'wrap',
  'wrapWith',
];
const REMOVED_BY_ARGO_CD = ['env', 'expandenv', 'getHostByName'];
const ADDED_BY_ARGO_CD = ['normalize', 'slugify', 'toYaml', 'fromYaml', 'fromYamlArray'];

describe('argoCdFunctions', () => {
  const functions = argoCdFunctions({ now: () => new Date(0) });

  it('is all of sprig but what Argo CD removes, plus Argo CD additions', () => {
    const expected = [...SPRIG_NAMES.filter((name) => !REMOVED_BY_ARGO_CD.includes(name)), ...ADDED_BY_ARGO_CD];
    expect(Object.keys(functions).sort()).toEqual([...new Set(expected)].sort());
  });

  it('reads the system clock when none is given', () => {
    expect(argoCdFunctions().htmlDate('now')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('reads the given clock for now', () => {
    expect(formatValue(functions.now())).toBe('1970-01-01 00:00:00 +0000 UTC');
  });
});
