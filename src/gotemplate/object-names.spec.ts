import { describe, expect, it } from 'vitest';
import { argoCdFunctions } from './functions';
import { parseGoTemplate } from './index';

// Names JavaScript objects inherit (toString, constructor, __proto__) are ordinary names to a Go template:
// functions where the map defines them, missing keys and undefined functions otherwise, never Object's own.
describe('names that Object.prototype carries', () => {
  const functions = argoCdFunctions();
  const render = (text: string) => parseGoTemplate('base', text, functions).execute({ a: {} });

  it.each([
    ['{{ toString 1 }}', '1'],
    ['{{ .constructor }}', '<no value>'],
    ['{{ .a.toString }}', '<no value>'],
    ['{{ index . "__proto__" }}', '<no value>'],
    ['{{ $x := dict }}{{ $_ := set $x "__proto__" (dict "polluted" 1) }}{{ toJson $x }}', '{"__proto__":{"polluted":1}}'],
  ])('%s renders %s', (text, want) => {
    expect(render(text)).toBe(want);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each(['constructor', 'hasOwnProperty', 'valueOf'])('{{ %s }} is a function that is not defined', (name) => {
    expect(() => render(`{{ ${name} }}`)).toThrow(`template: base:1: function "${name}" not defined`);
  });
});
