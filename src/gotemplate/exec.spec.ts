import { describe, expect, it } from 'vitest';
import { FuncMap, GoMap, GoTemplateExecError, GoValue, MissingKey, formatValue, parseGoTemplate } from './index';

/** Parameters shaped as Argo CD hands them to templates: JSON decoded into interface{} (numbers are float64). */
const data: GoMap = {
  name: 'guestbook',
  empty: '',
  zero: 0,
  one: 1,
  three: 3,
  half: 0.5,
  big: 1000000,
  small: 0.00001,
  neg: -2,
  yes: true,
  no: false,
  nul: null,
  list: ['a', 'b', 'c'],
  nums: [1, 2, 3],
  emptyList: [],
  map: { b: 2, a: 1, c: 3 },
  emptyMap: {},
  nested: { cluster: { name: 'in-cluster', labels: { env: 'prod' } } },
  mixed: [null, 'x', { k: 'v' }],
};

/** Small test functions with Go-like behaviour (the real sprig library lives elsewhere). */
const funcs: FuncMap = {
  upper: (s) => formatValue(s).toUpperCase(),
  join: (sep, list) => (list as GoValue[]).map(formatValue).join(formatValue(sep)),
  fail: (message) => {
    throw new Error(formatValue(message));
  },
  nothing: () => null,
  pair: (a, b) => [a, b],
  dict: (...kv) => Object.fromEntries(Array.from({ length: kv.length / 2 }, (_, i) => [formatValue(kv[2 * i]), kv[2 * i + 1]])),
};

interface Row {
  name: string;
  template: string;
  want?: string;
  error?: string;
  input?: GoValue;
  missingKey?: MissingKey;
}

function run(row: Row): string {
  return parseGoTemplate('t', row.template, funcs).execute(row.input === undefined ? data : row.input, { missingKey: row.missingKey });
}

function check(row: Row): void {
  if (row.error !== undefined) {
    expect(() => run(row)).toThrow(GoTemplateExecError);
    expect(() => run(row)).toThrow(row.error);
    let message = '';
    try {
      run(row);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(row.error);
  } else {
    expect(run(row)).toBe(row.want);
  }
}

describe('text and printing', () => {
  const rows: Row[] = [
    { name: 'empty template', template: '', want: '' },
    { name: 'plain text', template: 'hello, world', want: 'hello, world' },
    { name: 'string field', template: '{{.name}}', want: 'guestbook' },
    { name: 'whole float64 prints without a point', template: '{{.three}}', want: '3' },
    { name: 'a million float64 prints in exponent form', template: '{{.big}}', want: '1e+06' },
    { name: 'small float64', template: '{{.small}}', want: '1e-05' },
    { name: 'fraction', template: '{{.half}}', want: '0.5' },
    { name: 'negative', template: '{{.neg}}', want: '-2' },
    { name: 'bool', template: '{{.yes}} {{.no}}', want: 'true false' },
    { name: 'null in a map prints no value', template: '{{.nul}}', want: '<no value>' },
    { name: 'missing key prints no value', template: '{{.missing}}', want: '<no value>' },
    { name: 'slice', template: '{{.list}}', want: '[a b c]' },
    { name: 'slice of float64', template: '{{.nums}}', want: '[1 2 3]' },
    { name: 'slice with nil and map', template: '{{.mixed}}', want: '[<nil> x map[k:v]]' },
    { name: 'empty slice', template: '{{.emptyList}}', want: '[]' },
    { name: 'map with sorted keys', template: '{{.map}}', want: 'map[a:1 b:2 c:3]' },
    { name: 'empty map', template: '{{.emptyMap}}', want: 'map[]' },
    { name: 'nested map', template: '{{.nested}}', want: 'map[cluster:map[labels:map[env:prod] name:in-cluster]]' },
    { name: 'dot', template: '{{.}}', input: 'hi', want: 'hi' },
    { name: 'dot of nil data', template: '{{.}}', input: null, want: '<no value>' },
    { name: 'field of nil data', template: '{{.x}}', input: null, want: '<no value>' },
    { name: 'nested field', template: '{{.nested.cluster.name}}', want: 'in-cluster' },
    { name: 'deep field', template: '{{.nested.cluster.labels.env}}', want: 'prod' },
    { name: 'missing nested key', template: '{{.nested.nope}}', want: '<no value>' },
    { name: 'field under a missing key', template: '{{.missing.deeper}}', want: '<no value>' },
    { name: 'unicode text passes through', template: 'héllo {{.name}} ✓', want: 'héllo guestbook ✓' },
    { name: 'delimiters in text are not actions', template: '{ {.name} }', want: '{ {.name} }' },
    { name: 'string constant', template: '{{"quoted"}}', want: 'quoted' },
    { name: 'escapes in a string constant', template: '{{"a\\tb\\n\\u00e9\\x41"}}', want: 'a\tb\néA' },
    { name: 'raw string', template: '{{`a\\tb`}}', want: 'a\\tb' },
    { name: 'raw string spanning lines', template: '{{`a\nb`}}', want: 'a\nb' },
    { name: 'int constant', template: '{{42}}', want: '42' },
    { name: 'negative int constant', template: '{{-7}}', want: '-7' },
    { name: 'hex constant is an int', template: '{{0x1F}}', want: '31' },
    { name: 'octal constant', template: '{{0o17}} {{017}}', want: '15 15' },
    { name: 'binary constant', template: '{{0b101}}', want: '5' },
    { name: 'underscores in a constant', template: '{{1_000_000}}', want: '1000000' },
    { name: 'float constant', template: '{{1.5}}', want: '1.5' },
    { name: 'exponent constant is a float', template: '{{1e3}}', want: '1000' },
    { name: 'large exponent constant', template: '{{1e6}}', want: '1e+06' },
    { name: 'char constant is its rune value', template: "{{'a'}}", want: '97' },
    { name: 'escaped char constant', template: "{{'\\n'}}", want: '10' },
    { name: 'bool constants', template: '{{true}} {{false}}', want: 'true false' },
    { name: 'comment', template: 'a{{/* a comment */}}b', want: 'ab' },
    { name: 'multi-line comment', template: 'a{{/* one\ntwo */}}b', want: 'ab' },
  ];
  it.each(rows)('$name', check);
});

describe('trim markers', () => {
  const rows: Row[] = [
    { name: 'left trim', template: 'a  \n {{- .name}}', want: 'aguestbook' },
    { name: 'right trim', template: '{{.name -}}  \n b', want: 'guestbookb' },
    { name: 'both sides', template: 'x \n{{- .name -}}\n y', want: 'xguestbooky' },
    { name: 'dash without space is a negative number', template: '{{-3}}', want: '-3' },
    { name: 'trimmed comment', template: 'a \n{{- /* c */ -}}\n b', want: 'ab' },
    { name: 'trim around control', template: '{{- range .list -}}\n  {{ . }}\n{{- end }}', want: 'abc' },
    { name: 'trim only whitespace, not text', template: 'a.{{- " b" -}}.c', want: 'a. b.c' },
    { name: 'tabs and carriage returns are trimmed', template: 'a\t\r\n{{- 1 -}}\t\r\nb', want: 'a1b' },
    { name: 'trim inside a define', template: '{{define "x" -}}\n  X\n{{- end}}[{{template "x"}}]', want: '[X]' },
  ];
  it.each(rows)('$name', check);
});

describe('if, with, else', () => {
  const rows: Row[] = [
    { name: 'if true', template: '{{if true}}T{{end}}', want: 'T' },
    { name: 'if false with else', template: '{{if false}}T{{else}}F{{end}}', want: 'F' },
    { name: 'if int 1', template: '{{if 1}}T{{else}}F{{end}}', want: 'T' },
    { name: 'if int 0', template: '{{if 0}}T{{else}}F{{end}}', want: 'F' },
    { name: 'if float64 zero', template: '{{if .zero}}T{{else}}F{{end}}', want: 'F' },
    { name: 'if float64 one', template: '{{if .one}}T{{else}}F{{end}}', want: 'T' },
    { name: 'if empty string', template: '{{if .empty}}T{{else}}F{{end}}', want: 'F' },
    { name: 'if string', template: '{{if .name}}T{{else}}F{{end}}', want: 'T' },
    { name: 'if empty slice', template: '{{if .emptyList}}T{{else}}F{{end}}', want: 'F' },
    { name: 'if slice', template: '{{if .list}}T{{else}}F{{end}}', want: 'T' },
    { name: 'if empty map', template: '{{if .emptyMap}}T{{else}}F{{end}}', want: 'F' },
    { name: 'if map', template: '{{if .map}}T{{else}}F{{end}}', want: 'T' },
    { name: 'if null', template: '{{if .nul}}T{{else}}F{{end}}', want: 'F' },
    { name: 'if missing', template: '{{if .missing}}T{{else}}F{{end}}', want: 'F' },
    { name: 'if not missing', template: '{{if not .missing}}T{{else}}F{{end}}', want: 'T' },
    { name: 'else if', template: '{{if false}}1{{else if true}}2{{end}}', want: '2' },
    { name: 'else if chain', template: '{{if eq 1 3}}1{{else if eq 2 3}}2{{else if eq 3 3}}3{{else}}4{{end}}', want: '3' },
    { name: 'else if falls to else', template: '{{if false}}1{{else if false}}2{{else}}3{{end}}', want: '3' },
    { name: 'if declares a variable', template: '{{if $x := .name}}{{$x}}{{end}}', want: 'guestbook' },
    { name: 'if variable visible in else', template: '{{if $x := .empty}}yes{{else}}[{{$x}}]{{end}}', want: '[]' },
    { name: 'with sets dot', template: '{{with .nested.cluster}}{{.name}}{{end}}', want: 'in-cluster' },
    { name: 'with false runs else', template: '{{with .empty}}x{{else}}empty{{end}}', want: 'empty' },
    { name: 'with missing', template: '{{with .missing}}x{{else}}none{{end}}', want: 'none' },
    { name: 'with int', template: '{{with 1}}{{.}}{{end}}', want: '1' },
    { name: 'with slice', template: '{{with .list}}{{.}}{{end}}', want: '[a b c]' },
    { name: 'with variable', template: '{{with $c := .nested.cluster}}{{$c.name}}{{end}}', want: 'in-cluster' },
    { name: 'else with', template: '{{with .missing}}1{{else with .name}}{{.}}{{end}}', want: 'guestbook' },
    { name: 'else with to else', template: '{{with .missing}}1{{else with .empty}}2{{else}}3{{end}}', want: '3' },
    { name: 'with keeps outer root', template: '{{with .nested}}{{$.name}}{{end}}', want: 'guestbook' },
    { name: 'if NaN is true (Go compares floats with != 0)', template: '{{if .nan}}T{{else}}F{{end}}', input: { nan: NaN }, want: 'T' },
    { name: 'if pipeline', template: '{{if .list | len | eq 3}}three{{end}}', want: 'three' },
    { name: 'nil is not a command in if', template: '{{if nil}}x{{end}}', error: 'template: t:1:5: executing "t" at <nil>: nil is not a command' },
  ];
  it.each(rows)('$name', check);
});

describe('range', () => {
  const rows: Row[] = [
    { name: 'slice', template: '{{range .list}}-{{.}}-{{end}}', want: '-a--b--c-' },
    { name: 'empty slice, no else', template: '{{range .emptyList}}x{{end}}', want: '' },
    { name: 'empty slice with else', template: '{{range .emptyList}}x{{else}}none{{end}}', want: 'none' },
    { name: 'map in key order', template: '{{range .map}}{{.}}{{end}}', want: '123' },
    { name: 'map keys and values', template: '{{range $k, $v := .map}}{{$k}}={{$v}};{{end}}', want: 'a=1;b=2;c=3;' },
    { name: 'empty map with else', template: '{{range .emptyMap}}x{{else}}none{{end}}', want: 'none' },
    { name: 'missing value runs else', template: '{{range .missing}}x{{else}}none{{end}}', want: 'none' },
    { name: 'null runs else', template: '{{range .nul}}x{{else}}none{{end}}', want: 'none' },
    { name: 'one variable is the element', template: '{{range $e := .list}}<{{$e}}>{{end}}', want: '<a><b><c>' },
    { name: 'index and element', template: '{{range $i, $e := .list}}{{$i}}:{{$e}} {{end}}', want: '0:a 1:b 2:c ' },
    { name: 'index is an int', template: '{{range $i, $e := .list}}{{if eq $i 1}}{{$e}}{{end}}{{end}}', want: 'b' },
    { name: 'root inside range', template: '{{range .list}}{{$.name}}{{end}}', want: 'guestbookguestbookguestbook' },
    { name: 'int range (Go 1.22)', template: '{{range 3}}{{.}}{{end}}', want: '012' },
    { name: 'int range with variable', template: '{{range $i := 2}}[{{$i}}]{{end}}', want: '[0][1]' },
    { name: 'zero int range runs else', template: '{{range 0}}x{{else}}none{{end}}', want: 'none' },
    { name: 'break', template: '{{range .list}}{{if eq . "b"}}{{break}}{{end}}{{.}}{{end}}', want: 'a' },
    { name: 'continue', template: '{{range .list}}{{if eq . "b"}}{{continue}}{{end}}{{.}}{{end}}', want: 'ac' },
    { name: 'break in nested range leaves only the inner', template: '{{range .list}}{{range $.nums}}{{break}}{{end}}{{.}}{{end}}', want: 'abc' },
    { name: 'variables of the body reset per iteration', template: '{{range .list}}{{$x := .}}{{$x}}{{end}}', want: 'abc' },
    { name: 'assignment to an outer variable persists', template: '{{$last := ""}}{{range .list}}{{$last = .}}{{end}}{{$last}}', want: 'c' },
    { name: 'range with assignment form', template: '{{$e := ""}}{{range $e = .list}}{{end}}{{$e}}', want: 'c' },
    { name: 'nested ranges', template: '{{range $a := .list}}{{range $.nums}}{{$a}}{{.}} {{end}}{{end}}', want: 'a1 a2 a3 b1 b2 b3 c1 c2 c3 ' },
    { name: 'range over a pipeline', template: '{{range pair "x" "y"}}{{.}}{{end}}', want: 'xy' },
    { name: 'range over a float64 fails', template: '{{range .three}}{{end}}', error: `template: t:1:8: executing "t" at <.three>: range can't iterate over 3` },
    { name: 'range over a string fails', template: '{{range .name}}{{end}}', error: `template: t:1:8: executing "t" at <.name>: range can't iterate over guestbook` },
    { name: 'int range with two variables fails', template: '{{range $i, $e := 3}}{{end}}', error: `template: t:1:18: executing "t" at <3>: can't use 3 to iterate over more than one variable` },
    { name: 'field of a string element', template: '{{range .list}}{{.x}}{{end}}', error: `template: t:1:17: executing "t" at <.x>: can't evaluate field x in type interface {}` },
    { name: 'field of a nil element', template: '{{range .mixed}}{{.k}}{{end}}', error: 'template: t:1:18: executing "t" at <.k>: nil pointer evaluating interface {}.k' },
  ];
  it.each(rows)('$name', check);
});

describe('variables', () => {
  const rows: Row[] = [
    { name: 'declare and use', template: '{{$x := 1}}{{$x}}', want: '1' },
    { name: 'declaration prints nothing', template: '[{{$x := "a"}}]', want: '[]' },
    { name: 'assignment', template: '{{$x := 1}}{{$x = 2}}{{$x}}', want: '2' },
    { name: 'assignment inside if persists', template: '{{$x := 1}}{{if true}}{{$x = 2}}{{end}}{{$x}}', want: '2' },
    { name: 'shadowing inside with', template: '{{$x := 1}}{{with $x := 2}}{{$x}}{{end}}{{$x}}', want: '21' },
    { name: 'root variable', template: '{{$.name}}', want: 'guestbook' },
    { name: 'root variable alone', template: '{{with .nested}}{{$.three}}{{end}}', want: '3' },
    { name: 'field chain on a variable', template: '{{$c := .nested}}{{$c.cluster.labels.env}}', want: 'prod' },
    { name: 'variable holding a pipeline', template: '{{$u := upper .name}}{{$u}}', want: 'GUESTBOOK' },
    { name: 'field of a variable holding a string', template: '{{$s := .name}}{{$s.x}}', error: `template: t:1:19: executing "t" at <$s.x>: can't evaluate field x in type string` },
    { name: 'field of a variable holding a float', template: '{{$x := (1.0)}}{{$x.anything}}', error: `template: t:1:19: executing "t" at <$x.anything>: can't evaluate field anything in type float64` },
    { name: 'nil constant is not a command', template: '{{$x := nil}}', error: 'template: t:1:8: executing "t" at <nil>: nil is not a command' },
    { name: 'argument to a variable', template: '{{$x := 1}}{{$x 2}}', error: `template: t:1:13: executing "t" at <$x>: can't give argument to non-function $x` },
    { name: 'piping into a variable', template: '{{$x := 1}}{{3 | $x}}', error: `template: t:1:17: executing "t" at <$x>: can't give argument to non-function $x` },
    { name: 'assigning an undeclared variable fails after the pipeline', template: '{{$x = 1}}', error: 'template: t:1:7: executing "t" at <1>: undefined variable: $x' },
  ];
  it.each(rows)('$name', check);
});

describe('pipelines and functions', () => {
  const rows: Row[] = [
    { name: 'function call', template: '{{upper .name}}', want: 'GUESTBOOK' },
    { name: 'pipeline passes the last argument', template: '{{.name | upper}}', want: 'GUESTBOOK' },
    { name: 'pipeline as final argument', template: '{{.list | join "-"}}', want: 'a-b-c' },
    { name: 'parenthesised argument', template: '{{join (upper "-") .list}}', want: 'a-b-c' },
    { name: 'parenthesised pipeline', template: '{{(.name | upper)}}', want: 'GUESTBOOK' },
    { name: 'field of a parenthesised pipeline', template: '{{(dict "a" "b").a}}', want: 'b' },
    { name: 'field of a function result', template: '{{(dict "a" (dict "b" "c")).a.b}}', want: 'c' },
    { name: 'root in parentheses', template: '{{($).name}}', want: 'guestbook' },
    { name: 'function result nil prints no value', template: '{{nothing}}', want: '<no value>' },
    { name: 'missing value reaches a function as nil', template: '{{pair .missing 1}}', want: '[<nil> 1]' },
    { name: 'function error', template: '{{fail "boom"}}', error: 'template: t:1:2: executing "t" at <fail "boom">: error calling fail: boom' },
    { name: 'argument to a field', template: '{{.name 1}}', error: 'template: t:1:2: executing "t" at <.name>: name is not a method but has arguments' },
    { name: 'piping into a field', template: '{{1 | .name}}', error: 'template: t:1:6: executing "t" at <.name>: name is not a method but has arguments' },
    { name: 'argument to a constant', template: '{{3 2}}', error: `template: t:1:2: executing "t" at <3>: can't give argument to non-function 3` },
    { name: 'field of parenthesised nil', template: '{{(nil).x}}', error: 'template: t:1:3: executing "t" at <nil>: nil is not a command' },
  ];
  it.each(rows)('$name', check);
});

describe('field errors', () => {
  const rows: Row[] = [
    { name: 'field of a string in a map', template: '{{.name.x}}', error: `template: t:1:7: executing "t" at <.name.x>: can't evaluate field x in type interface {}` },
    { name: 'field of a null in a map', template: '{{.nul.x}}', error: 'template: t:1:6: executing "t" at <.nul.x>: nil pointer evaluating interface {}.x' },
    { name: 'field of string data', template: '{{.x}}', input: 'str', error: `template: t:1:2: executing "t" at <.x>: can't evaluate field x in type string` },
    { name: 'field of slice data', template: '{{.x}}', input: [1], error: `template: t:1:2: executing "t" at <.x>: can't evaluate field x in type []interface {}` },
    { name: 'field of an int constant via with', template: '{{with 3}}{{.x}}{{end}}', error: `template: t:1:12: executing "t" at <.x>: can't evaluate field x in type int` },
    { name: 'long context is cut to 20 characters', template: '{{.nested.cluster.labels.env.deeper}}', error: `template: t:1:9: executing "t" at <.nested.cluster.labe...>: can't evaluate field deeper in type interface {}` },
    { name: 'position on a later line', template: 'line1\nline2 {{.name.x}}', error: `template: t:2:13: executing "t" at <.name.x>: can't evaluate field x in type interface {}` },
    { name: 'column counts bytes', template: 'é {{.name.x}}', error: `template: t:1:10: executing "t" at <.name.x>: can't evaluate field x in type interface {}` },
  ];
  it.each(rows)('$name', check);
});

describe('missingkey option', () => {
  const rows: Row[] = [
    { name: 'default prints no value', template: '{{.missing}}', missingKey: 'default', want: '<no value>' },
    { name: 'invalid prints no value', template: '{{.missing}}', missingKey: 'invalid', want: '<no value>' },
    { name: 'zero for interface maps is nil, printed as no value', template: '{{.missing}}', missingKey: 'zero', want: '<no value>' },
    { name: 'zero: field of the nil zero value fails', template: '{{.missing.x}}', missingKey: 'zero', error: 'template: t:1:10: executing "t" at <.missing.x>: nil pointer evaluating interface {}.x' },
    { name: 'default: field of missing is no value', template: '{{.missing.x}}', missingKey: 'default', want: '<no value>' },
    { name: 'error on a missing key', template: '{{.missing}}', missingKey: 'error', error: 'template: t:1:2: executing "t" at <.missing>: map has no entry for key "missing"' },
    { name: 'error on a missing nested key', template: '{{.nested.nope}}', missingKey: 'error', error: 'template: t:1:9: executing "t" at <.nested.nope>: map has no entry for key "nope"' },
    { name: 'error: present null is fine', template: '{{.nul}}', missingKey: 'error', want: '<no value>' },
    { name: 'error: nil data', template: '{{.x}}', input: null, missingKey: 'error', error: 'template: t:1:2: executing "t" at <.x>: nil data; no entry for key "x"' },
    { name: 'error: if on a missing key fails too', template: '{{if .missing}}x{{end}}', missingKey: 'error', error: 'template: t:1:5: executing "t" at <.missing>: map has no entry for key "missing"' },
    { name: 'error: present keys render', template: '{{.nested.cluster.name}}', missingKey: 'error', want: 'in-cluster' },
    { name: 'index never applies missingkey', template: '{{index .map "zz"}}', missingKey: 'error', want: '<no value>' },
  ];
  it.each(rows)('$name', check);
});

describe('define, template, block', () => {
  const rows: Row[] = [
    { name: 'template with dot', template: '{{define "x"}}[{{.}}]{{end}}{{template "x" .name}}', want: '[guestbook]' },
    { name: 'template without pipeline gets nil dot', template: '{{define "x"}}[{{.}}]{{end}}{{template "x"}}', want: '[<no value>]' },
    { name: 'defined after use', template: '{{template "x" 1}}{{define "x"}}({{.}}){{end}}', want: '(1)' },
    { name: 'template sees no outer variables but its own root', template: '{{define "x"}}{{$.a}}{{end}}{{$v := 1}}{{template "x" (dict "a" "in")}}', want: 'in' },
    { name: 'block renders in place', template: 'a({{block "inner" .name}}<{{.}}>{{end}})b', want: 'a(<guestbook>)b' },
    { name: 'recursive template', template: '{{define "r"}}{{if .}}{{index . 0}}{{template "r" (slice . 1)}}{{end}}{{end}}{{template "r" .list}}', want: 'abc' },
    { name: 'error inside a template names it', template: '{{define "x"}}{{.a.b}}{{end}}{{template "x" .}}', error: `template: t:1:18: executing "x" at <.a.b>: nil pointer evaluating interface {}.b`, input: { a: null } },
    { name: 'unknown template', template: '{{template "nope"}}', error: 'template: t:1:11: executing "t" at <{{template "nope"}}>: template "nope" not defined' },
    { name: 'text of only definitions renders empty', template: '{{define "x"}}x{{end}}', want: '' },
    { name: 'error in a nested template reports the innermost', template: 'line 1\n{{template "one" .}}\n{{define "one"}}{{template "two" .}}{{end}}\n{{define "two"}}{{index "hi" $}}{{end}}', input: null, error: 'template: t:4:18: executing "two" at <index "hi" $>: error calling index: cannot index slice/array with nil' },
  ];
  it.each(rows)('$name', check);
});

describe('reuse', () => {
  it('a parsed template renders many data values, each from a clean state', () => {
    const template = parseGoTemplate('app', '{{$n := .name}}{{$n}}-{{range .list}}{{.}}{{end}}', funcs);
    const out = Array.from({ length: 1000 }, (_, i) => template.execute({ name: `a${i}`, list: [i] }));
    expect(out[0]).toBe('a0-0');
    expect(out[999]).toBe('a999-999');
  });
  it('executes a named template of the set', () => {
    const template = parseGoTemplate('main', '{{define "x"}}X{{.}}{{end}}main', funcs);
    expect(template.executeTemplate('x', 1)).toBe('X1');
    expect(template.templateNames()).toEqual(['main', 'x']);
  });
  it('unknown named template', () => {
    const template = parseGoTemplate('main', 'm', funcs);
    expect(() => template.executeTemplate('zz', 1)).toThrow('template: main: "zz" is an incomplete or empty template');
  });
});
