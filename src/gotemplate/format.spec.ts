import { describe, expect, it } from 'vitest';
import { GoMap, GoValue, formatValue, parseGoTemplate } from './index';

const data: GoMap = {
  three: 3,
  half: 0.5,
  big: 1000000,
  list: ['a', 'b', 'c'],
  nums: [1, 2, 3],
  map: { b: 2, a: 1 },
  inf: Infinity,
  negInf: -Infinity,
  nan: NaN,
};

const render = (template: string): string => parseGoTemplate('t', template, {}).execute(data);

describe('formatValue (%v)', () => {
  const rows: [string, GoValue, string][] = [
    ['float64 zero', 0, '0'],
    ['negative zero', -0, '-0'],
    ['whole float64', 42, '42'],
    ['six digits stay plain', 123456, '123456'],
    ['a million switches to exponent', 1000000, '1e+06'],
    ['seven significant digits', 1234567, '1.234567e+06'],
    ['1e20', 1e20, '1e+20'],
    ['1e21', 1e21, '1e+21'],
    ['small fraction', 0.000123, '0.000123'],
    ['below 1e-4 switches to exponent', 0.0000123, '1.23e-05'],
    ['three-digit exponent', 1.5e-300, '1.5e-300'],
    ['shortest round-trip digits', 0.1 + 0.2, '0.30000000000000004'],
    ['negative float', -2.5, '-2.5'],
    ['infinity', Infinity, '+Inf'],
    ['negative infinity', -Infinity, '-Inf'],
    ['NaN', NaN, 'NaN'],
    ['int', 42n, '42'],
    ['large int', 9223372036854775807n, '9223372036854775807'],
    ['negative int', -5n, '-5'],
    ['string', 'text', 'text'],
    ['bool', true, 'true'],
    ['nil', null, '<nil>'],
    ['undefined is nil too', undefined, '<nil>'],
    ['slice', [1, 'a', true, null], '[1 a true <nil>]'],
    ['nested slice', [[1, 2], []], '[[1 2] []]'],
    ['map sorted by key', { z: 1, a: 'x', m: [1] }, 'map[a:x m:[1] z:1]'],
    ['map keys sort byte-wise', { b: 1, B: 2, a: 3, _: 4 }, 'map[B:2 _:4 a:3 b:1]'],
    ['nested map', { a: { b: { c: 1e6 } } }, 'map[a:map[b:map[c:1e+06]]]'],
  ];
  it.each(rows)('%s', (_name, value, want) => {
    expect(formatValue(value)).toBe(want);
  });
});

describe('printf', () => {
  const rows: [string, string, string][] = [
    ['%d', '{{printf "%d" 42}}', '42'],
    ['width, left, zero', '{{printf "%5d|%-5d|%05d" 42 42 42}}', '   42|42   |00042'],
    ['plus and space flags', '{{printf "%+d|% d|%+d" 42 42 -42}}', '+42| 42|-42'],
    ['precision pads digits', '{{printf "%.3d|%8.3d" 7 7}}', '007|     007'],
    ['precision disables zero padding', '{{printf "%08.3d" -7}}', '    -007'],
    ['hex', '{{printf "%x|%X|%#x|%#X" 255 255 255 255}}', 'ff|FF|0xff|0XFF'],
    ['negative hex', '{{printf "%x" -255}}', '-ff'],
    ['octal and binary', '{{printf "%o|%#o|%O|%b|%#b" 8 8 8 5 5}}', '10|010|0o10|101|0b101'],
    ['char', '{{printf "%c%c" 72 105}}', 'Hi'],
    ['quoted char', `{{printf "%q|%q" 65 '\\n'}}`, `'A'|'\\n'`],
    ['unicode format', `{{printf "%U|%#U" 0x1F600 'x'}}`, "U+1F600|U+0078 'x'"],
    ['float64 with %d is a bad verb', '{{printf "%d" .three}}', '%!d(float64=3)'],
    ['int with %s is a bad verb', '{{printf "%s" 42}}', '%!s(int=42)'],
    ['int with %f is a bad verb', '{{printf "%f" 42}}', '%!f(int=42)'],
    ['%f', '{{printf "%f" 3.14159}}', '3.141590'],
    ['%.2f', '{{printf "%.2f" 3.14159}}', '3.14'],
    ['%8.3f', '{{printf "%8.3f|%-8.2f|" 3.14159 3.14159}}', '   3.142|3.14    |'],
    ['zero-padded negative float', '{{printf "%08.3f" -3.14159}}', '-003.142'],
    ['plus on float', '{{printf "%+.1f|% .1f" 2.0 2.0}}', '+2.0| 2.0'],
    ['%f of a JSON number', '{{printf "%.1f" .three}}', '3.0'],
    ['%.0f rounds half to even', '{{printf "%.0f|%.0f|%.1f|%.2f" 2.5 3.5 0.25 1.005}}', '2|4|0.2|1.00'],
    ['%.0f of a large number', '{{printf "%.0f" 1e21}}', '1000000000000000000000'],
    ['%e', '{{printf "%e|%E|%.2e" 1234.5678 1234.5678 1234.5678}}', '1.234568e+03|1.234568E+03|1.23e+03'],
    ['%e of zero', '{{printf "%e" 0.0}}', '0.000000e+00'],
    ['%g', '{{printf "%g|%g|%g" 1234.5678 .big 0.00001}}', '1234.5678|1e+06|1e-05'],
    ['%g with precision', '{{printf "%.3g|%.3g|%.2g" 1234.5678 1.0 99.5}}', '1.23e+03|1|1e+02'],
    ['%G', '{{printf "%G" 1e-7}}', '1E-07'],
    ['%v of floats', '{{printf "%v|%v|%v" .big 1.5 .three}}', '1e+06|1.5|3'],
    ['%v with width and precision', '{{printf "%6.2v|" 3.14159}}', '   3.1|'],
    ['%x of a float', '{{printf "%x|%x|%X" 1.0 1.5 10.0}}', '0x1p+00|0x1.8p+00|0X1.4P+03'],
    ['%b of a float', '{{printf "%b" 1.0}}', '4503599627370496p-52'],
    ['infinities keep their sign', '{{printf "%v|%f|%5.1f|%v" .inf .negInf .nan .nan}}', '+Inf|-Inf|  NaN|NaN'],
    ['%s', '{{printf "%s|%5s|%-5s|" "hi" "hi" "hi"}}', 'hi|   hi|hi   |'],
    ['string precision counts runes', '{{printf "%.2s|%.1s" "hello" "éa"}}', 'he|é'],
    ['zero flag pads strings with zeros', '{{printf "%05s" "ab"}}', '000ab'],
    ['%q', '{{printf "%q" "hi\\n\\"x\\""}}', '"hi\\n\\"x\\""'],
    ['%q keeps printable unicode', '{{printf "%q|%+q" "é☺" "é☺"}}', '"é☺"|"\\u00e9\\u263a"'],
    ['%q of control bytes', '{{printf "%q" "\\x00\\x7f"}}', '"\\x00\\x7f"'],
    ['%#q prefers backquotes', '{{printf "%#q|%#q" "hi" "a`b"}}', '`hi`|"a`b"'],
    ['%x of a string', '{{printf "%x|%X|% x|%#x" "hi" "hi" "hi" "hi"}}', '6869|6869|68 69|0x6869'],
    ['%t', '{{printf "%t|%t" true false}}', 'true|false'],
    ['%t of an int', '{{printf "%t" 1}}', '%!t(int=1)'],
    ['%v of a slice', '{{printf "%v" .list}}', '[a b c]'],
    ['%q applies to each element', '{{printf "%q" .list}}', '["a" "b" "c"]'],
    ['%d on float64 elements', '{{printf "%d" .nums}}', '[%!d(float64=1) %!d(float64=2) %!d(float64=3)]'],
    ['width applies to each element', '{{printf "%3v" .list}}', '[  a   b   c]'],
    ['%v of a map', '{{printf "%v" .map}}', 'map[a:1 b:2]'],
    ['%+v is %v', '{{printf "%+v|%+v" 42 .map}}', '42|map[a:1 b:2]'],
    ['%#v Go syntax', '{{printf "%#v|%#v|%#v|%#v" "s" 42 1.0 true}}', '"s"|42|1|true'],
    ['%#v of a slice and map', '{{printf "%#v %#v" .list .map}}', '[]interface {}{"a", "b", "c"} map[string]interface {}{"a":1, "b":2}'],
    ['%T', '{{printf "%T %T %T %T %T %T %T" 1 1.5 "s" true .list .map nil}}', 'int float64 string bool []interface {} map[string]interface {} <nil>'],
    ['%T of a hex constant is int', '{{printf "%T" 0xef}}', 'int'],
    ['%%', '{{printf "100%%"}}', '100%'],
    ['missing argument', '{{printf "%d %d" 1}}', '1 %!d(MISSING)'],
    ['extra argument', '{{printf "%d" 1 2}}', '1%!(EXTRA int=2)'],
    ['extra arguments', '{{printf "x" 2 "y" nil}}', 'x%!(EXTRA int=2, string=y, <nil>)'],
    ['unknown verb', '{{printf "%z" 1}}', '%!z(int=1)'],
    ['percent at the end', '{{printf "a%"}}', 'a%!(NOVERB)'],
    ['nil with %v', '{{printf "%v" nil}}', '<nil>'],
    ['nil with %s', '{{printf "%s" nil}}', '%!s(<nil>)'],
    ['missing value with %d', '{{printf "%d" .missing}}', '%!d(<nil>)'],
    ['star width', '{{printf "%*d|%-*d|" 5 42 5 42}}', '   42|42   |'],
    ['star precision', '{{printf "%.*f" 2 3.14159}}', '3.14'],
    ['bad star width', '{{printf "%*d" "x" 42}}', '%!(BADWIDTH)42'],
    ['negative star width means left', '{{printf "%*d|" -4 7}}', '7   |'],
    ['minus cancels zero padding', '{{printf "%-05d|%0-5d|" 42 42}}', '42   |42   |'],
    ['absurd width is refused like Go', '{{printf "%99999999d" 1}}', '%!(NOVERB)%!(EXTRA int=1)'],
    ['absurd star width', '{{printf "%*d" 99999999 1}}', '%!(BADWIDTH)1'],
    ['format from a pipeline', '{{"x" | printf "%s-%s" "a"}}', 'a-x'],
    ['format alone from a pipeline', '{{"%d items" | printf}}', '%!d(MISSING) items'],
    ['printf with only a format', '{{printf "plain"}}', 'plain'],
  ];
  it.each(rows)('%s', (_name, template, want) => {
    expect(render(template)).toBe(want);
  });

  const errors: [string, string, string][] = [
    ['format must be a string constant', '{{printf 3}}', 'template: t:1:9: executing "t" at <3>: expected string; found 3'],
    ['format must hold a string', '{{printf .three}}', 'template: t:1:9: executing "t" at <.three>: wrong type for value; expected string; got float64'],
    ['format must not be missing', '{{printf .missing}}', 'template: t:1:9: executing "t" at <.missing>: invalid value; expected string'],
    ['piped format must be a string', '{{1 | printf}}', 'template: t:1:6: executing "t" at <printf>: wrong type for value; expected string; got int'],
    ['printf needs a format', '{{printf}}', 'template: t:1:2: executing "t" at <printf>: wrong number of args for printf: want at least 1 got 0'],
  ];
  it.each(errors)('error: %s', (_name, template, message) => {
    expect(() => render(template)).toThrow(message);
  });
});
