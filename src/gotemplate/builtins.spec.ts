import { describe, expect, it } from 'vitest';
import { FuncMap, GoMap, parseGoTemplate } from './index';

const data: GoMap = {
  name: 'guestbook',
  three: 3,
  one: 1,
  nul: null,
  list: ['a', 'b', 'c'],
  map: { b: 2, a: 1, c: 3 },
  nested: { cluster: { name: 'in-cluster' } },
  mixed: [null, 'x'],
};

let failCalls = 0;
const funcs: FuncMap = {
  fail: () => {
    failCalls++;
    throw new Error('should not be called');
  },
};

const render = (template: string): string => parseGoTemplate('t', template, funcs).execute(data);

type Row = [name: string, template: string, want: string];
type ErrorRow = [name: string, template: string, error: string];

function table(title: string, rows: Row[], errors: ErrorRow[]): void {
  describe(title, () => {
    it.each(rows)('%s', (_name, template, want) => {
      expect(render(template)).toBe(want);
    });
    if (errors.length > 0) {
      it.each(errors)('error: %s', (_name, template, error) => {
        expect(() => render(template)).toThrow(error);
      });
    }
  });
}

table(
  'and, or, not',
  [
    ['and returns the first false value', '{{and 1 0 "x"}}', '0'],
    ['and returns the last value when all are true', '{{and 1 "x"}}', 'x'],
    ['and of false values', '{{and false 0}}', 'false'],
    ['or returns the first true value', '{{or 0 "" "x" "y"}}', 'x'],
    ['or returns the last value when all are false', '{{or 0 ""}}', ''],
    ['or as a default', '{{or .missing "fallback"}}', 'fallback'],
    ['or of present value', '{{or .name "fallback"}}', 'guestbook'],
    ['and with a missing value', '{{and .missing "x"}}', '<no value>'],
    ['or short-circuits', '{{or 1 (fail)}}', '1'],
    ['and short-circuits', '{{and 0 (fail)}}', '0'],
    ['and with a piped final value', '{{1 | and 2}}', '1'],
    ['or with a piped final value', '{{0 | or ""}}', '0'],
    ['and a slice', '{{and .list .map}}', 'map[a:1 b:2 c:3]'],
    ['not', '{{not 0}} {{not "x"}} {{not .missing}} {{not .list}}', 'true false true false'],
  ],
  [
    ['and needs an argument', '{{and}}', 'template: t:1:2: executing "t" at <and>: wrong number of args for and: want at least 1 got 0'],
    ['not takes one argument', '{{not 1 2}}', 'template: t:1:2: executing "t" at <not>: wrong number of args for not: want 1 got 2'],
    ['not counts the piped value', '{{1 | not 2}}', 'template: t:1:6: executing "t" at <not>: wrong number of args for not: want 1 got 2'],
    ['not needs an argument', '{{not}}', 'wrong number of args for not: want 1 got 0'],
  ],
);

describe('short-circuit', () => {
  it('never calls the skipped function', () => {
    failCalls = 0;
    render('{{or 1 (fail)}}{{and 0 (fail)}}');
    expect(failCalls).toBe(0);
  });
});

table(
  'len',
  [
    ['slice', '{{len .list}}', '3'],
    ['map', '{{len .map}}', '3'],
    ['string length in bytes', '{{len "héllo"}}', '6'],
    ['empty string', '{{len ""}}', '0'],
    ['len is an int', '{{if eq (len .list) 3}}three{{end}}', 'three'],
    ['piped', '{{.list | len}}', '3'],
  ],
  [
    ['of an int', '{{len 3}}', 'template: t:1:2: executing "t" at <len 3>: error calling len: len of type int'],
    ['of a float64', '{{len .three}}', 'error calling len: len of type float64'],
    ['of a null', '{{len .nul}}', 'error calling len: len of nil pointer'],
    ['of a missing value', '{{len .missing}}', 'error calling len: reflect: call of reflect.Value.Type on zero Value'],
  ],
);

table(
  'index',
  [
    ['slice', '{{index .list 0}}{{index .list 2}}', 'ac'],
    ['map', '{{index .map "b"}}', '2'],
    ['missing map key gives no value', '{{index .map "zz"}}', '<no value>'],
    ['nested', '{{index .nested "cluster" "name"}}', 'in-cluster'],
    ['string yields a byte', '{{index "abc" 1}}', '98'],
    ['no indexes returns the item', '{{index .list}}', '[a b c]'],
    ['key from a variable', '{{$k := "a"}}{{index .map $k}}', '1'],
    ['index from len', '{{index .list (len "xx")}}', 'c'],
    ['dotted keys need index', '{{index (index .nested "cluster") "name"}}', 'in-cluster'],
  ],
  [
    ['past the end', '{{index .list 4}}', 'template: t:1:2: executing "t" at <index .list 4>: error calling index: index out of range: 4'],
    ['at the length', '{{index .list 3}}', 'error calling index: reflect: slice index out of range'],
    ['negative', '{{index .list -1}}', 'error calling index: index out of range: -1'],
    ['float64 index', '{{index .list .one}}', 'error calling index: cannot index slice/array with type float64'],
    ['nil index', '{{index .list nil}}', 'error calling index: cannot index slice/array with nil'],
    ['int key for a map', '{{index .map 1}}', 'error calling index: value has type int; should be string'],
    ['nil key for a map', '{{index .map nil}}', 'error calling index: value is nil; should be of type string'],
    ['index of nil', '{{index nil 1}}', 'error calling index: index of untyped nil'],
    ['index of a missing value', '{{index .missing 1}}', 'error calling index: index of untyped nil'],
    ['index through a null element', '{{index .mixed 0 "k"}}', 'error calling index: index of nil pointer'],
    ['index of an int', '{{index 3 1}}', "error calling index: can't index item of type int"],
    ['index needs an item', '{{index}}', 'wrong number of args for index: want at least 1 got 0'],
  ],
);

table(
  'slice',
  [
    ['from', '{{slice .list 1}}', '[b c]'],
    ['from and to', '{{slice .list 1 2}}', '[b]'],
    ['whole', '{{slice .list}}', '[a b c]'],
    ['empty', '{{slice .list 3}}', '[]'],
    ['three indexes', '{{slice .list 0 1 3}}', '[a]'],
    ['string', '{{slice "hello" 1 3}}', 'el'],
    ['string from', '{{slice "hello" 3}}', 'lo'],
  ],
  [
    ['reversed bounds', '{{slice .list 2 1}}', 'error calling slice: invalid slice index: 2 > 1'],
    ['past the end', '{{slice .list 0 4}}', 'error calling slice: index out of range: 4'],
    ['reversed third index', '{{slice .list 0 2 1}}', 'error calling slice: invalid slice index: 2 > 1'],
    ['three indexes on a string', '{{slice "abc" 0 1 2}}', 'error calling slice: cannot 3-index slice a string'],
    ['too many indexes', '{{slice .list 0 1 2 3}}', 'error calling slice: too many slice indexes: 4'],
    ['of a map', '{{slice .map 1}}', "error calling slice: can't slice item of type map[string]interface {}"],
    ['of nil', '{{slice nil}}', 'error calling slice: slice of untyped nil'],
    ['float index', '{{slice .list 1.5}}', 'error calling slice: cannot index slice/array with type float64'],
  ],
);

table(
  'eq, ne',
  [
    ['equal ints', '{{eq 1 1}}', 'true'],
    ['different ints', '{{eq 1 2}}', 'false'],
    ['strings', '{{eq "a" "a"}} {{eq "a" "b"}}', 'true false'],
    ['bools', '{{eq true true}} {{eq true false}}', 'true false'],
    ['any of several', '{{eq 3 4 5 6 3}} {{eq 3 4 5 6 7}}', 'true false'],
    ['float64 with a float constant', '{{eq .three 3.0}}', 'true'],
    ['string field', '{{eq .name "guestbook"}}', 'true'],
    ['missing value is not equal to a string', '{{eq .missing "x"}}', 'false'],
    ['missing value equals nil', '{{eq .missing nil}}', 'true'],
    ['null equals nil', '{{eq .nul nil}}', 'true'],
    ['slice is not nil', '{{eq .list nil}}', 'false'],
    ['len result against an int', '{{eq (len .list) 3}}', 'true'],
    ['byte against a char constant', "{{eq (index `x` 0) 'x'}} {{eq (index `x` 0) 'y'}}", 'true false'],
    ['ne', '{{ne 1 2}} {{ne "a" "a"}}', 'true false'],
    ['ne with missing', '{{ne .missing "x"}}', 'true'],
  ],
  [
    ['float64 against an int constant', '{{eq .three 3}}', 'template: t:1:2: executing "t" at <eq .three 3>: error calling eq: incompatible types for comparison: float64 and int'],
    ['int against a float constant', '{{eq 2 2.0}}', 'error calling eq: incompatible types for comparison: int and float64'],
    ['string against an int', '{{eq "xy" 1}}', 'error calling eq: incompatible types for comparison: string and int'],
    ['a later argument of another kind', '{{eq 1 2 "x"}}', 'error calling eq: incompatible types for comparison: int and string'],
    ['slices are not comparable', '{{eq .list .list}}', 'error calling eq: non-comparable type [a b c]: []interface {}'],
    ['map against a slice', '{{eq .map .list}}', 'error calling eq: non-comparable types map[a:1 b:2 c:3]: map[string]interface {}, []interface {}: [a b c]'],
    ['slice against a string', '{{eq .list "x"}}', 'error calling eq: incompatible types for comparison: []interface {} and string'],
    ['eq needs two arguments', '{{eq 1}}', 'error calling eq: missing argument for comparison'],
    ['ne with mixed kinds', '{{ne .three 3}}', 'error calling ne: incompatible types for comparison: float64 and int'],
    ['ne takes two arguments', '{{ne 1 2 3}}', 'wrong number of args for ne: want 2 got 3'],
  ],
);

table(
  'lt, le, gt, ge',
  [
    ['lt ints', '{{lt 1 2}} {{lt 2 1}} {{lt 1 1}}', 'true false false'],
    ['lt floats', '{{lt 1.5 2.5}} {{lt .one 3.0}}', 'true true'],
    ['lt strings', '{{lt "a" "b"}} {{lt "xy" "xyz"}} {{lt "b" "a"}}', 'true true false'],
    ['le', '{{le 1 1}} {{le 1 2}} {{le 2 1}}', 'true true false'],
    ['gt', '{{gt 2 1}} {{gt 1 1}} {{gt 1 2}}', 'true false false'],
    ['ge', '{{ge 1 1}} {{ge 1 2}} {{ge 2 1}}', 'true false true'],
    ['float64 field with a float constant', '{{ge .three 2.5}}', 'true'],
    ['comparing len', '{{gt (len .list) 2}}', 'true'],
  ],
  [
    ['lt of bools', '{{lt true false}}', 'error calling lt: invalid type for comparison'],
    ['lt float64 against int', '{{lt .three 4}}', 'error calling lt: incompatible types for comparison: float64 and int'],
    ['lt of a missing value', '{{lt .missing 1}}', 'error calling lt: invalid type for comparison'],
    ['lt of slices', '{{lt .list .list}}', 'error calling lt: invalid type for comparison'],
    ['gt mixed', '{{gt 1 "a"}}', 'error calling gt: incompatible types for comparison: int and string'],
    ['ge mixed', '{{ge 1.5 1}}', 'error calling ge: incompatible types for comparison: float64 and int'],
    ['le mixed', '{{le 1 1.5}}', 'error calling le: incompatible types for comparison: int and float64'],
  ],
);

table(
  'print, println',
  [
    ['numbers get spaces', '{{print 1 2 3}}', '1 2 3'],
    ['strings do not', '{{print "a" "b"}}', 'ab'],
    ['space only between two non-strings', '{{print "a" 1 2 "b" 3}}', 'a1 2b3'],
    ['nil', '{{print nil}}', '<nil>'],
    ['missing value prints nil', '{{print .missing}}', '<nil>'],
    ['null prints nil', '{{print .nul}}', '<nil>'],
    ['composites', '{{print .list .map}}', '[a b c] map[a:1 b:2 c:3]'],
    ['floats', '{{print .three 0.5 1e6}}', '3 0.5 1e+06'],
    ['no arguments', '{{print}}', ''],
    ['println always spaces and ends the line', '{{println "a" "b" 1}}', 'a b 1\n'],
    ['println of nothing', '{{println}}', '\n'],
    ['piped', '{{.name | print "x"}}', 'xguestbook'],
  ],
  [],
);

table(
  'html, js, urlquery',
  [
    ['html', `{{html "<a href=\\"x\\">&'"}}`, '&lt;a href=&#34;x&#34;&gt;&amp;&#39;'],
    ['html of a pipeline', '{{printf "<%s>" "b" | html}}', '&lt;b&gt;'],
    ['html of a missing value', '{{html .missing}}', '&lt;no value&gt;'],
    ['html of several values', '{{html 1 2 "x"}}', '1 2x'],
    ['html of NUL', '{{html "a\\x00b"}}', 'a\uFFFDb'],
    ['js quotes and markup', `{{js "it's <b> & \\"q\\" = \\\\"}}`, `it\\'s \\u003Cb\\u003E \\u0026 \\"q\\" \\u003D \\\\`],
    ['js control characters', '{{js "a\\tb\\n"}}', 'a\\u0009b\\u000A'],
    ['js keeps printable unicode', '{{js "é日本"}}', 'é日本'],
    ['js escapes non-printable unicode', '{{js "a\\u2028b"}}', 'a\\u2028b'],
    ['urlquery', '{{urlquery "a b&c=d/é"}}', 'a+b%26c%3Dd%2F%C3%A9'],
    ['urlquery of a URL', '{{"http://www.example.org/" | urlquery}}', 'http%3A%2F%2Fwww.example.org%2F'],
    ['urlquery keeps unreserved', '{{urlquery "AZaz09-_.~"}}', 'AZaz09-_.~'],
    ['urlquery of a missing value', '{{urlquery .missing}}', '%3Cno+value%3E'],
  ],
  [],
);

table(
  'call',
  [],
  [
    ['call of a string', '{{call .name}}', 'template: t:1:2: executing "t" at <call .name>: error calling call: non-function .name of type string'],
    ['call of nil', '{{call nil}}', 'error calling call: call of nil'],
    ['call of a missing value', '{{call .missing}}', 'error calling call: call of nil'],
    ['call needs a function', '{{call}}', 'wrong number of args for call: want at least 1 got 0'],
  ],
);
