import { describe, expect, it } from 'vitest';
import { GoTemplateArgumentError } from './index';
import { call, errorRows, resultRows } from './testing/function-table';

describe('sprig defaults, flow control and reflection', () => {
  resultRows([
    ['default of a value', 'default', ['d', 'given'], 'given'],
    ['default of empty string', 'default', ['d', ''], 'd'],
    ['default of nil', 'default', ['d', null], 'd'],
    ['default of missing argument', 'default', ['d'], 'd'],
    ['default of zero int', 'default', ['d', 0n], 'd'],
    ['default of zero float', 'default', ['d', 0], 'd'],
    ['default of false', 'default', [true, false], true],
    ['default of empty list', 'default', [['x'], []], ['x']],
    ['default of empty map', 'default', ['d', {}], 'd'],
    ['default keeps a non-empty map', 'default', ['d', { a: 1 }], { a: 1 }],
    ['empty ""', 'empty', [''], true],
    ['empty " "', 'empty', [' '], false],
    ['empty 0', 'empty', [0], true],
    ['empty 1', 'empty', [1n], false],
    ['empty nil', 'empty', [null], true],
    ['empty map', 'empty', [{}], true],
    ['coalesce', 'coalesce', [null, '', 0n, 'first', 'second'], 'first'],
    ['coalesce all empty', 'coalesce', [null, ''], null],
    ['all', 'all', ['a', 1n, true], true],
    ['all with an empty value', 'all', ['a', ''], false],
    ['any', 'any', ['', 0n, 'x'], true],
    ['any all empty', 'any', ['', null], false],
    ['ternary true', 'ternary', ['yes', 'no', true], 'yes'],
    ['ternary false', 'ternary', ['yes', 'no', false], 'no'],
    ['typeOf string', 'typeOf', ['a'], 'string'],
    ['typeOf float', 'typeOf', [1], 'float64'],
    ['typeOf int (a template int constant, len, sprig math)', 'typeOf', [1n], 'int'],
    ['kindOf int', 'kindOf', [3n], 'int'],
    ['typeOf list', 'typeOf', [[]], '[]interface {}'],
    ['typeOf map', 'typeOf', [{}], 'map[string]interface {}'],
    ['typeOf nil', 'typeOf', [null], '<nil>'],
    ['typeIs', 'typeIs', ['bool', true], true],
    ['typeIsLike', 'typeIsLike', ['string', 'x'], true],
    ['kindOf map', 'kindOf', [{ a: 1 }], 'map'],
    ['kindOf list', 'kindOf', [['a']], 'slice'],
    ['kindOf nil', 'kindOf', [null], 'invalid'],
    ['kindIs', 'kindIs', ['string', 'x'], true],
    ['kindIs float', 'kindIs', ['float64', 2], true],
    ['deepEqual', 'deepEqual', [{ a: [1] }, { a: [1] }], true],
    ['deepEqual types differ', 'deepEqual', [1n, 1], false],
  ]);

  errorRows([
    ['fail', 'fail', ['cluster label missing'], /^cluster label missing$/],
    ['fail without a message', 'fail', [], /wrong number of args for fail/],
    ['ternary with a string condition', 'ternary', ['a', 'b', 'true'], /expected bool; got string/],
    ['default without arguments', 'default', [], /want at least 1 got 0/],
  ]);
});

describe('argument errors are marked for the engine', () => {
  it('wrong types and counts throw GoTemplateArgumentError; failures inside a call do not', () => {
    expect(() => call('trunc', 5, 'x')).toThrow(GoTemplateArgumentError);
    expect(() => call('upper')).toThrow(GoTemplateArgumentError);
    let failure: unknown;
    try {
      call('fail', 'stop');
    } catch (error) {
      failure = error;
    }
    expect(failure).not.toBeInstanceOf(GoTemplateArgumentError);
  });
});
