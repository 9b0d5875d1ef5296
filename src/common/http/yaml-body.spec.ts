import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors/domain-error';
import { yamlBodyToJs } from './yaml-body';

const BILLION_LAUGHS = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
  '',
].join('\n');

function refusal(text: string): DomainError {
  try {
    yamlBodyToJs(text);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('the body was accepted');
}

describe('yamlBodyToJs', () => {
  it('reads an ordinary body, anchors and aliases included', () => {
    expect(yamlBodyToJs('name: a\nlabels: &l {env: prod}\ncopy: *l\n')).toEqual({ name: 'a', labels: { env: 'prod' }, copy: { env: 'prod' } });
  });

  const refused: { name: string; text: string; message: RegExp }[] = [
    { name: 'a duplicate key, with its position', text: 'name: a\nname: b\n', message: /not valid YAML: .*unique.* at line 2, column 1$/ },
    { name: 'two documents', text: 'a: 1\n---\nb: 2\n', message: /not valid YAML: it holds more than one document/ },
    { name: 'an undefined alias', text: 'name: *nope\n', message: /an alias refers to an anchor that is not defined before it$/ },
    { name: 'an exponential alias expansion', text: BILLION_LAUGHS, message: /aliases that expand exponentially/ },
    { name: 'too many aliases', text: `a: &a x\nb: [${Array.from({ length: 101 }, () => '*a').join(',')}]\n`, message: /101 YAML aliases; at most 100/ },
    { name: 'flow collections 65 deep', text: '['.repeat(65) + ']'.repeat(65), message: /nested deeper than 64 levels/ },
    { name: 'compact block sequences 65 deep', text: `${'- '.repeat(65)}x\n`, message: /nested deeper than 64 levels/ },
    { name: 'explicit keys 65 deep', text: `${'? '.repeat(65)}x\n`, message: /nested deeper than 64 levels/ },
  ];
  it.each(refused)('refuses $name with a 400', ({ text, message }) => {
    const error = refusal(text);
    expect(error.code).toBe('BadRequestBody');
    expect(error.message).toMatch(message);
  });

  it('accepts collections nested exactly 64 deep', () => {
    expect(() => yamlBodyToJs('['.repeat(64) + ']'.repeat(64))).not.toThrow();
  });

  it('survives deep bodies one after another (composing them would exhaust the stack and can crash the process)', () => {
    const deep = '['.repeat(20_000) + ']'.repeat(20_000);
    for (let attempt = 0; attempt < 3; attempt++) expect(refusal(deep).message).toMatch(/nested deeper/);
  });
});
