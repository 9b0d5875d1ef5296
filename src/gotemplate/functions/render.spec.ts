import { describe, expect, it } from 'vitest';
import { parseGoTemplate, type GoValue } from '../index';
import { functions } from './testing/function-table';

/** Renders a template as an ApplicationSet field would be: one parameter set, Argo CD's function map. */
function render(text: string, params: GoValue, missingKey: 'default' | 'error' = 'default'): string {
  return parseGoTemplate('base', text, functions).execute(params, { missingKey });
}

const clusterParams = {
  name: 'Prod-EU-1',
  server: 'https://10.0.0.1',
  metadata: { labels: { env: 'prod', region: 'eu-west-1' }, annotations: {} },
  path: { path: 'apps/guestbook', basename: 'GuestBook-Frontend', basenameNormalized: 'guestbook-frontend', filenameNormalized: 'values.prod.yaml', segments: ['apps', 'guestbook'] },
  values: { replicas: 3, image: { tag: 'v1.2.3', repository: 'registry.local/app' }, hosts: ['a.local', 'b.local'] },
  branch: 'feature/JIRA-123_add_login',
  replicas: 2,
  version: '1.27.3',
};

describe('real-world-shaped ApplicationSet templates through the engine', () => {
  it.each([
    ['a pipeline of string functions', '{{ .path.basename | lower | trunc 8 }}', 'guestboo'],
    ['toYaml into nindent', 'values:{{ toYaml .values | nindent 4 }}', 'values:\n    hosts:\n    - a.local\n    - b.local\n    image:\n      repository: registry.local/app\n      tag: v1.2.3\n    replicas: 3'],
    ['the first part of a file name', '{{ splitList "." .path.filenameNormalized | first }}', 'values'],
    ['the last part of a file name', '{{ splitList "." .path.filenameNormalized | last }}', 'yaml'],
    ['normalize a cluster name', '{{ .name | normalize }}-guestbook', 'prod-eu-1-guestbook'],
    ['slugify a branch with a size', '{{ slugify 20 false .branch }}', 'feature-jira-123-add'],
    ['default for a missing label', '{{ .metadata.labels.tier | default "web" }}', 'web'],
    ['default keeps a present label', '{{ default "x" .metadata.labels.env }}', 'prod'],
    ['index and get', '{{ index .metadata.labels "region" }}/{{ get .metadata.labels "env" }}', 'eu-west-1/prod'],
    ['hasKey in a condition', '{{ if hasKey .metadata.labels "env" }}yes{{ else }}no{{ end }}', 'yes'],
    ['ternary with eq', '{{ ternary "prod-values.yaml" "values.yaml" (eq .metadata.labels.env "prod") }}', 'prod-values.yaml'],
    ['empty of an empty map', '{{ if empty .metadata.annotations }}none{{ end }}', 'none'],
    ['trimPrefix and trimSuffix', '{{ .server | trimPrefix "https://" | trimSuffix ".1" }}', '10.0.0'],
    ['regexReplaceAll on a branch', '{{ regexReplaceAll "[^a-z0-9-]" (lower .branch) "-" }}', 'feature-jira-123-add-login'],
    ['replace then upper', '{{ .metadata.labels.region | replace "-" "_" | upper }}', 'EU_WEST_1'],
    ['contains and hasPrefix', '{{ if and (contains "EU" .name) (hasPrefix "Prod" .name) }}ok{{ end }}', 'ok'],
    ['join a list', '{{ join "," .values.hosts }}', 'a.local,b.local'],
    ['list and dict built in the template', '{{ $d := dict "a" (list 1 2) }}{{ toJson $d }}', '{"a":[1,2]}'],
    ['toJson of data keeps float64 numbers', '{{ toJson .values.image }}|{{ toJson .replicas }}', '{"repository":"registry.local/app","tag":"v1.2.3"}|2'],
    ['fromJson then a field', '{{ (fromJson "{\\"a\\":{\\"b\\":\\"c\\"}}").a.b }}', 'c'],
    ['b64enc and sha256sum', '{{ b64enc .name }} {{ .name | sha256sum | trunc 7 }}', 'UHJvZC1FVS0x fc427d4'],
    ['semverCompare on a cluster version', '{{ if semverCompare ">=1.25.0" .version }}new{{ else }}old{{ end }}', 'new'],
    ['merge two dicts', '{{ $m := merge (dict "a" "1") (dict "a" "2" "b" "3") }}{{ $m.a }}{{ $m.b }}', '13'],
    ['keys sorted', '{{ keys .metadata.labels | join "," }}', 'env,region'],
    ['kebabcase', '{{ kebabcase "MyAppName" }}', 'my-app-name'],
    ['quote a value', 'image: {{ .values.image.tag | quote }}', 'image: "v1.2.3"'],
    ['add on a JSON number', '{{ add .replicas 1 }}', '3'],
    ['int math result prints as an int', '{{ mul .values.replicas 2 }}', '6'],
    ['range over a list with indent', '{{ range .values.hosts }}{{ . | indent 2 }}\n{{ end }}', '  a.local\n  b.local\n'],
    ['printf with a sprig result', '{{ printf "%s-%d" (lower .name) (len .values.hosts) }}', 'prod-eu-1-2'],
  ])('%s', (_title, text, expected) => {
    expect(render(text, clusterParams)).toBe(expected);
  });

  it('fail stops the render with its message', () => {
    expect(() => render('{{ if not .metadata.labels.tier }}{{ fail "tier label is required" }}{{ end }}', clusterParams)).toThrow(/tier label is required/);
  });

  it('a wrong argument type fails the render', () => {
    expect(() => render('{{ trunc .replicas .name }}', clusterParams)).toThrow(/expected int; got float64/);
  });

  it('a removed function is not defined', () => {
    expect(() => render('{{ env "HOME" }}', clusterParams)).toThrow(/function "env" not defined/);
  });

  it('a missing key with missingkey=error fails before reaching a function', () => {
    expect(() => render('{{ .nope | default "x" }}', clusterParams, 'error')).toThrow(/map has no entry for key "nope"/);
  });

  // Argo CD's utils_test rows for its YAML functions, with the error text after Argo's "failed to execute go template" prefix.
  it('toYaml of the whole parameter set, indented', () => {
    const params = { foo: { bar: { bool: true, number: 2, str: 'Hello world' } } };
    expect(render('{{ toYaml . | indent 2 }}', params)).toBe('  foo:\n    bar:\n      bool: true\n      number: 2\n      str: Hello world');
  });

  it.each([
    [
      '{{ get (fromYaml .value) "hello" }}',
      'template: base:1:8: executing "base" at <fromYaml .value>: error calling fromYaml: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go value of type map[string]interface {}',
    ],
    [
      '{{ fromYamlArray .value | last }}',
      'template: base:1:3: executing "base" at <fromYamlArray .value>: error calling fromYamlArray: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go value of type []interface {}',
    ],
  ])('%s with text that is not YAML of that shape fails as in Argo CD', (text, message) => {
    expect(() => render(text, { value: 'non\n compliant\n yaml' })).toThrow(message);
  });

  it('fromYaml and fromYamlArray of well-formed text', () => {
    expect(render('{{ get (fromYaml .value) "hello" }}', { value: 'hello: world' })).toBe('world');
    expect(render('{{ fromYamlArray .value | last }}', { value: '- hello world\n- bonjour tout le monde' })).toBe('bonjour tout le monde');
  });
});
