import { describe } from 'vitest';
import { errorRows, resultRows } from './testing/function-table';

const words = (count: number): string => Array.from({ length: count }, () => 'word').join(' ');

describe("Argo CD's own functions", () => {
  describe('normalize (SanitizeName)', () => {
    resultRows([
      ['lower-cases and replaces invalid characters', 'normalize', ['Feature/My_Branch'], 'feature-my-branch'],
      ['keeps dots and dashes', 'normalize', ['app.v1-2'], 'app.v1-2'],
      ['trims leading and trailing - and .', 'normalize', ['-._Name_.-'], 'name'],
      ['non-ASCII becomes -', 'normalize', ['café'], 'caf'],
      ['at most 253 characters', 'normalize', ['a'.repeat(300)], 'a'.repeat(253)],
    ]);
  });

  describe('slugify (SlugifyName)', () => {
    const branch = 'feat/a_really+long_pull_request_name_to_test_argo_slugification_and_branch_name_shortening_feature';
    const oneWord = 'feat/areallylongpullrequestnametotestargoslugificationandbranchnameshorteningfeature';
    resultRows([
      ['plain cut at 50', 'slugify', [50n, false, branch], 'feat-a-really-long-pull-request-name-to-test-argo'],
      ['smart cut at 53', 'slugify', [53n, true, branch], 'feat-a-really-long-pull-request-name-to-test-argo'],
      ['smart cut with one long word', 'slugify', [50n, true, oneWord], 'feat'],
      ['plain cut with one long word', 'slugify', [50n, false, oneWord], 'feat-areallylongpullrequestnametotestargoslugifica'],
      ['defaults: 50, smart', 'slugify', [branch], 'feat-a-really-long-pull-request-name-to-test-argo'],
      ['dots become dashes', 'slugify', ['My.App v2'], 'my-app-v2'],
      ['max size only', 'slugify', [10n, 'hello-world-again'], 'hello'],
      ['short names are kept', 'slugify', ['main'], 'main'],
    ]);
    errorRows([
      ['max size as float', 'slugify', [50, 'x'], /expected int; got float64/],
      ['name not a string', 'slugify', [1n], /expected string/],
    ]);
  });

  describe('toYaml (sigs.k8s.io/yaml, final newline trimmed)', () => {
    resultRows([
      ['nested maps, sorted keys', 'toYaml', [{ foo: { bar: { str: 'Hello world', number: 2, bool: true } } }], 'foo:\n  bar:\n    bool: true\n    number: 2\n    str: Hello world'],
      ['lists are not indented under their key', 'toYaml', [{ b: {}, a: [1, 'x'] }], 'a:\n- 1\n- x\nb: {}'],
      ['list of maps', 'toYaml', [[{ v: 1, name: 'a' }, { name: 'b' }]], '- name: a\n  v: 1\n- name: b'],
      ['list in a map in a map', 'toYaml', [{ a: { l: [{ x: 1 }] } }], 'a:\n  l:\n  - x: 1'],
      ['nested lists', 'toYaml', [[['a', 'b'], 'c']], '- - a\n  - b\n- c'],
      ['empty list and null', 'toYaml', [{ l: [], nothing: null }], 'l: []\nnothing: null'],
      ['YAML 1.1 boolean words are quoted, keys too', 'toYaml', [{ y: 'n', on: 'off' }], '"on": "off"\n"y": "n"'],
      ['numeric-looking strings are quoted, others are not', 'toYaml', [['1e3', '1e+3', '.5', '0x1F', '1_000', '2024-01-02', '2024-01-02 x', '1.2.3']], '- 1e3\n- "1e+3"\n- ".5"\n- "0x1F"\n- "1_000"\n- "2024-01-02"\n- 2024-01-02 x\n- 1.2.3'],
      [
        'strings quoted only when needed',
        'toYaml',
        [{ t: 'true', n: '123', e: '', c: 'a: b', h: '#x', d: '- x', s: ' lead', y: 'yes', time: '12:30', f: '1.5', v: 'v1.2', u: 'http://x.y/z?a=b#c' }],
        `c: 'a: b'\nd: '- x'\ne: ""\nf: "1.5"\nh: '#x'\n"n": "123"\ns: ' lead'\nt: "true"\ntime: "12:30"\nu: http://x.y/z?a=b#c\nv: v1.2\n"y": "yes"`,
      ],
      // Both took hours before (a quadratic regular expression on the number check).
      ['a million digits and a letter: plain', 'toYaml', [`${'1'.repeat(1_000_000)}x`], `${'1'.repeat(1_000_000)}x`],
      ['a million digits, a point and a letter: plain', 'toYaml', [`${'1'.repeat(500_000)}.${'1'.repeat(500_000)}x`], `${'1'.repeat(500_000)}.${'1'.repeat(500_000)}x`],
      ["single quotes doubled", 'toYaml', [{ q: "'quoted' it's" }], "q: '''quoted'' it''s'"],
      ['multi-line text is a literal block', 'toYaml', [{ script: 'echo a\necho b\n' }], 'script: |\n  echo a\n  echo b'],
      ['multi-line without final newline', 'toYaml', [{ s: 'a\nb' }], 's: |-\n  a\n  b'],
      ['kept final newlines: |+ and no document end marker', 'toYaml', [{ s: 'a\n\n' }], 's: |+\n  a\n'],
      ['literal block with empty line', 'toYaml', [{ s: 'a\n\nb' }], 's: |-\n  a\n\n  b'],
      ['literal block with leading space gets an indent hint', 'toYaml', [{ s: ' a\nb' }], 's: |2-\n   a\n  b'],
      ['literal in a list', 'toYaml', [{ l: ['x\ny'] }], 'l:\n- |-\n  x\n  y'],
      ['trailing space on a line forces double quotes', 'toYaml', [{ s: 'a \nb' }], 's: "a \\nb"'],
      ['tab forces double quotes', 'toYaml', [{ t: 'a\tb' }], 't: "a\\tb"'],
      ['characters above U+FFFF are escaped', 'toYaml', [{ e: 'hi 😀' }], 'e: "hi \\U0001F600"'],
      ['non-ASCII BMP text stays plain', 'toYaml', [{ e: 'café' }], 'e: café'],
      ['keys quoted like values', 'toYaml', [{ true: 1, 'a b': 2, 'x:': 3 }], `a b: 2\n"true": 1\n'x:': 3`],
      ['numbers as JSON then YAML sees them', 'toYaml', [{ f: 1.5, g: 1e21, h: 0.00001, i: 3, big: 1234567.5, int: 7n }], 'big: 1.2345675e+06\nf: 1.5\ng: 1e+21\nh: 1e-05\ni: 3\nint: 7'],
      ['long plain strings fold past column 80', 'toYaml', [{ k: words(20) }], `k: ${words(16)}\n  ${words(4)}`],
      ['nested long strings fold at their indent', 'toYaml', [{ a: { k: words(20) } }], `a:\n  k: ${words(16)}\n    ${words(4)}`],
      ['a top-level list', 'toYaml', [['a']], '- a'],
      ['a top-level string', 'toYaml', ['hello'], 'hello'],
      ['nil', 'toYaml', [null], 'null'],
    ]);
    errorRows([['NaN cannot be marshalled', 'toYaml', [{ x: NaN }], /unsupported value: NaN/]]);
  });

  describe('fromYaml and fromYamlArray', () => {
    resultRows([
      ['a map', 'fromYaml', ['hello: world'], { hello: 'world' }],
      ['numbers become float64', 'fromYaml', ['a: 1\nb: 1.5\nc: 0777'], { a: 1, b: 1.5, c: 511 }],
      ['YAML 1.1 booleans', 'fromYaml', ['a: yes\nb: off\nc: "yes"'], { a: true, b: false, c: 'yes' }],
      ['no base-60 numbers, no timestamps', 'fromYaml', ['t: 12:30\nd: 2024-01-02'], { t: '12:30', d: '2024-01-02' }],
      ['nested', 'fromYaml', ['a:\n  b:\n  - 1\n  - x'], { a: { b: [1, 'x'] } }],
      ['empty document is an empty map', 'fromYaml', [''], {}],
      ['only the first document', 'fromYaml', ['a: 1\n---\nb: 2'], { a: 1 }],
      ['merge keys', 'fromYaml', ['base: &b\n  x: 1\nchild:\n  <<: *b\n  z: 2'], { base: { x: 1 }, child: { x: 1, z: 2 } }],
      ['the key y is the boolean true (YAML 1.1)', 'fromYaml', ['y: 1'], { true: 1 }],
      ['duplicate keys: last wins', 'fromYaml', ['a: 1\na: 2'], { a: 2 }],
      ['an array', 'fromYamlArray', ['- hello world\n- bonjour tout le monde'], ['hello world', 'bonjour tout le monde']],
      ['empty array document', 'fromYamlArray', [''], []],
    ]);
    errorRows([
      ['fromYaml of a scalar', 'fromYaml', ['non\n compliant\n yaml'], /cannot unmarshal string into Go value of type map\[string\]interface \{\}/],
      ['fromYaml of a list', 'fromYaml', ['- a'], /cannot unmarshal array into Go value of type map/],
      ['fromYamlArray of a scalar', 'fromYamlArray', ['non\n compliant\n yaml'], /cannot unmarshal string into Go value of type \[\]interface \{\}/],
      ['fromYamlArray of a map', 'fromYamlArray', ['a: 1'], /cannot unmarshal object into Go value of type \[\]interface/],
      ['invalid YAML', 'fromYaml', ['a: [1, 2'], /error converting YAML to JSON/],
      ['fromYaml of nil', 'fromYaml', [null], /invalid value; expected string/],
    ]);
  });
});
