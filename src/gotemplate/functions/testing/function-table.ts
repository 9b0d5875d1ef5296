import { expect, it } from 'vitest';
import { GoTemplateFunctionError, type GoValue } from '../../value';
import { argoCdFunctions } from '../index';

/** The function map with a fixed clock: 2026-01-02T03:04:05Z. */
export const FIXED_NOW = new Date('2026-01-02T03:04:05.123Z');
export const functions = argoCdFunctions({ now: () => FIXED_NOW });

export function call(name: string, ...args: GoValue[]): GoValue {
  const fn = functions[name];
  if (!fn) throw new Error(`no function ${name}`);
  return fn(...args);
}

/** A row: a title, the function, its arguments, and the result (compared with toEqual: 1n is not 1). */
export type Row = [title: string, name: string, args: GoValue[], expected: GoValue];
/** An error row: the function must throw a GoTemplateFunctionError whose message matches. */
export type ErrorRow = [title: string, name: string, args: GoValue[], message: RegExp];

export function resultRows(rows: Row[]): void {
  it.each(rows)('%s', (_title, name, args, expected) => {
    expect(call(name, ...args)).toEqual(expected);
  });
}

export function errorRows(rows: ErrorRow[]): void {
  it.each(rows)('%s', (_title, name, args, message) => {
    expect(() => call(name, ...args)).toThrow(GoTemplateFunctionError);
    expect(() => call(name, ...args)).toThrow(message);
  });
}
