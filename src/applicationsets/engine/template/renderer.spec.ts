import { describe, expect, it } from 'vitest';
import { TemplateRenderer, TemplateRenderError } from './renderer';

describe('TemplateRenderer (fasttemplate semantics)', () => {
  const params = {
    name: 'prod-eu',
    server: 'https://127.0.0.1:6443',
    'metadata.labels.env': 'production',
    'metadata.labels.app.kubernetes.io/name': 'my-api',
    'values.revision': 'v1.2.3',
    'values.0': 'zero',
    'a-b': 'dash',
    html: '<b>&"\'</b>',
    empty: '',
  };
  const rows: { name: string; template: string; want: string }[] = [
    { name: 'plain key', template: '{{name}}', want: 'prod-eu' },
    { name: 'key inside text', template: 'my-api-{{name}}-x', want: 'my-api-prod-eu-x' },
    { name: 'spaces inside braces', template: '{{ name }}', want: 'prod-eu' },
    { name: 'tabs and many spaces', template: '{{\t name   }}', want: 'prod-eu' },
    { name: 'dotted key', template: 'apps/{{metadata.labels.env}}', want: 'apps/production' },
    { name: 'dotted and slashed key', template: '{{metadata.labels.app.kubernetes.io/name}}', want: 'my-api' },
    { name: 'numeric segment', template: '{{values.0}}', want: 'zero' },
    { name: 'dash in key', template: '{{a-b}}', want: 'dash' },
    { name: 'values key', template: '{{values.revision}}', want: 'v1.2.3' },
    { name: 'several keys', template: '{{name}}/{{server}}/{{name}}', want: 'prod-eu/https://127.0.0.1:6443/prod-eu' },
    { name: 'no HTML escaping', template: '{{html}}', want: '<b>&"\'</b>' },
    { name: 'empty value', template: 'x{{empty}}y', want: 'xy' },
    { name: 'unknown key left verbatim', template: '{{missing}}', want: '{{missing}}' },
    { name: 'unknown key keeps its spaces', template: 'a-{{ missing.key }}-b', want: 'a-{{ missing.key }}-b' },
    { name: 'Go template syntax left verbatim', template: '{{ .name }}', want: '{{ .name }}' },
    { name: 'pipeline left verbatim', template: '{{ "x" | normalize }}', want: '{{ "x" | normalize }}' },
    { name: 'empty tag left verbatim', template: '{{}}', want: '{{}}' },
    { name: 'handlebars block syntax is just an unknown key', template: '{{#if name}}y{{/if}}', want: '{{#if name}}y{{/if}}' },
    { name: 'handlebars comment is just an unknown key', template: '{{! note }}', want: '{{! note }}' },
    { name: 'backslash is not an escape', template: 'C:\\{{name}}', want: 'C:\\prod-eu' },
    { name: 'triple braces take the inner text as the tag', template: '{{{name}}}', want: '{{{name}}}' },
    { name: 'no placeholders', template: 'https://github.com/org/repo.git', want: 'https://github.com/org/repo.git' },
    { name: 'single braces untouched', template: '{name}', want: '{name}' },
    { name: 'open without close is kept verbatim (not templated)', template: 'a {{name', want: 'a {{name' },
    { name: 'braces on different lines are not templated', template: '{{name\n}}', want: '{{name\n}}' },
    { name: 'quotes in a tag are data, not code', template: '{{"); throw new Error("x"); ("}}', want: '{{"); throw new Error("x"); ("}}' },
    { name: 'quotes, backslashes and line separators in text', template: `a'b"c\\d\n\u2028{{name}}'); //`, want: `a'b"c\\d\n\u2028prod-eu'); //` },
    { name: 'prototype members are not parameters', template: '{{constructor}}{{__proto__}}{{toString}}', want: '{{constructor}}{{__proto__}}{{toString}}' },
  ];
  it.each(rows)('$name', ({ template, want }) => {
    expect(new TemplateRenderer().render(template, params, 'f')).toBe(want);
  });

  const errors: { name: string; template: string; message: RegExp }[] = [
    { name: 'a later unclosed tag', template: '{{name}} and {{server', message: /f: invalid template: "\{\{" at offset 13 has no closing/ },
  ];
  it.each(errors)('rejects $name', ({ template, message }) => {
    expect(() => new TemplateRenderer().render(template, params, 'f')).toThrow(TemplateRenderError);
    expect(() => new TemplateRenderer().render(template, params, 'f')).toThrow(message);
  });

  it('renders every string of a nested value and keeps map keys and non-strings', () => {
    const renderer = new TemplateRenderer();
    const template = {
      metadata: { name: '{{name}}', labels: { '{{name}}': '{{metadata.labels.env}}' } },
      spec: { replicas: 3, prune: true, list: ['{{server}}', null], nested: [{ path: '{{ values.revision }}' }] },
    };
    expect(renderer.renderDeep(template, params, 'spec.template')).toEqual({
      metadata: { name: 'prod-eu', labels: { '{{name}}': 'production' } },
      spec: { replicas: 3, prune: true, list: ['https://127.0.0.1:6443', null], nested: [{ path: 'v1.2.3' }] },
    });
  });

  const deepRows: { name: string; template: unknown; params: Record<string, string>; want: unknown }[] = [
    { name: 'several slots in one object', template: { a: '{{x}}', b: ['{{y}}', 'c'], d: { e: '{{x}}-{{y}}' } }, params: { x: '1', y: '2' }, want: { a: '1', b: ['2', 'c'], d: { e: '1-2' } } },
    { name: 'parameter containing the slot separator', template: { a: '{{x}}', b: '{{y}}' }, params: { x: 'p\u0000q', y: 'r' }, want: { a: 'p\u0000q', b: 'r' } },
    { name: 'template text containing the slot separator', template: { a: '\u0000{{x}}', b: '{{x}}' }, params: { x: 'v' }, want: { a: '\u0000v', b: 'v' } },
    { name: 'no slots at all', template: { a: 'plain', n: 1, t: true, z: null }, params: {}, want: { a: 'plain', n: 1, t: true, z: null } },
    { name: 'a bare string', template: 'x-{{x}}', params: { x: '1' }, want: 'x-1' },
    { name: 'a number', template: 7, params: {}, want: 7 },
  ];
  it.each(deepRows)('renderDeep: $name', ({ template, params: values, want }) => {
    expect(new TemplateRenderer().renderDeep(template, values, 'f')).toEqual(want);
  });

  it('reuses a compiled template object for new parameters and returns fresh copies', () => {
    const renderer = new TemplateRenderer();
    const template = { metadata: { name: '{{name}}' }, spec: { list: ['a'] } };
    const first = renderer.renderDeep(template, { name: 'one' }, 't');
    const second = renderer.renderDeep(template, { name: 'two' }, 't');
    expect([first.metadata.name, second.metadata.name]).toEqual(['one', 'two']);
    expect(first.spec.list).not.toBe(second.spec.list);
    expect(first.spec.list).not.toBe(template.spec.list);
  });

  it('names the field path of a broken template', () => {
    expect(() => new TemplateRenderer().renderDeep({ spec: { path: ['ok', '{{a}} {{b'] } }, params, 'spec.template')).toThrow(
      /spec\.template\.spec\.path\[1\]: invalid template/,
    );
  });
});
