import { describe, expect, it } from 'vitest';
import { chargeSteps } from './step-meter';
import {
  DEFAULT_LIMITS,
  ExecuteOptions,
  GoMap,
  GoTemplate,
  GoTemplateExecError,
  GoTemplateFunctionError,
  GoTemplateOptionError,
  GoTemplateParseError,
  executeOptionsFromGo,
  formatValue,
  parseGoTemplate,
} from './index';

describe('limits against hostile templates', () => {
  it('stops runaway recursion with a clear error', () => {
    const template = parseGoTemplate('t', '{{define "r"}}x{{template "r" .}}{{end}}{{template "r" .}}');
    expect(() => template.execute(null)).toThrow(GoTemplateExecError);
    expect(() => template.execute(null)).toThrow(`exceeded maximum template depth (${DEFAULT_LIMITS.maxTemplateDepth})`);
  });

  it('stops output beyond the size limit', () => {
    const template = GoTemplate.parse('t', '{{range .}}0123456789{{end}}', {}, { ...DEFAULT_LIMITS, maxOutputBytes: 100 });
    expect(template.execute(Array(10).fill(0))).toHaveLength(100);
    expect(() => template.execute(Array(11).fill(0))).toThrow('template: t: output exceeds the limit of 100 bytes');
  });

  it('stops output that doubles through nested templates', () => {
    const doubling = Array.from({ length: 30 }, (_, i) => `{{define "d${i + 1}"}}{{template "d${i}"}}{{template "d${i}"}}{{end}}`).join('');
    const template = parseGoTemplate('t', `{{define "d0"}}xxxxxxxxxx{{end}}${doubling}{{template "d30"}}`);
    expect(() => template.execute(null)).toThrow(/output exceeds the limit|execution exceeded/);
  });

  it('stops long loops that print nothing', () => {
    const template = GoTemplate.parse('t', '{{range 100000000000}}{{end}}', {}, { ...DEFAULT_LIMITS, maxSteps: 1000 });
    expect(() => template.execute(null)).toThrow('execution exceeded 1000 steps');
  });

  it('lets a costly function charge steps to the limit and the shared budget, reporting a limit it meets at its call', () => {
    const funcs = {
      costly: () => {
        chargeSteps(1000);
        return 'ok';
      },
    };
    const template = GoTemplate.parse('t', '{{ costly }}{{ costly }}', funcs, { ...DEFAULT_LIMITS, maxSteps: 2500 });
    const budget = { remaining: 1_000_000 };
    expect(template.execute(null, { budget })).toBe('okok');
    expect(1_000_000 - budget.remaining).toBeGreaterThanOrEqual(2000);
    expect(1_000_000 - budget.remaining).toBeLessThan(2020);
    expect(() => GoTemplate.parse('t', '{{ range 3 }}{{ costly }}{{ end }}', funcs, { ...DEFAULT_LIMITS, maxSteps: 2500 }).execute(null)).toThrow(
      /^template: t:1:16: executing "t" at <costly>: execution exceeded 2500 steps$/,
    );
    const shared = { remaining: 1500 };
    expect(() => template.execute(null, { budget: shared })).toThrow(GoTemplateExecError);
    expect(() => GoTemplate.parse('t', '{{ costly }}', funcs).execute(null, { budget: { remaining: 999 } })).toThrow(/at <costly>: execution exceeded the step budget shared by this expansion$/);
    // Outside an execution nothing is charged.
    expect(funcs.costly()).toBe('ok');
  });

  it('draws every execution from a shared step budget, so many executions of one loop stop together', () => {
    const template = parseGoTemplate('t', '{{range 300}}{{end}}');
    const measure = { remaining: 1_000_000 };
    template.execute(null, { budget: measure });
    const perRun = 1_000_000 - measure.remaining;
    expect(perRun).toBeGreaterThan(300);
    const budget = { remaining: perRun * 3 };
    for (let run = 0; run < 3; run++) expect(template.execute(null, { budget })).toBe('');
    expect(() => template.execute(null, { budget })).toThrow(/execution exceeded the step budget shared by this expansion$/);
    expect(template.execute(null)).toBe('');
  });

  it('refuses absurdly nested parentheses and blocks at parse time', () => {
    expect(() => parseGoTemplate('t', `{{${'('.repeat(2000)}1${')'.repeat(2000)}}}`)).toThrow('template: t:1: max expression depth exceeded');
    expect(() => parseGoTemplate('t', `${'{{if 1}}'.repeat(2000)}${'{{end}}'.repeat(2000)}`)).toThrow('template: t:1: max expression depth exceeded');
    expect(parseGoTemplate('t', `{{${'('.repeat(100)}1${')'.repeat(100)}}}`).execute(null)).toBe('1');
  });

  it('deep nesting times deep recursion fails as a template error, not a crash', () => {
    const nested = `${'{{if 1}}'.repeat(900)}{{template "r" .}}${'{{end}}'.repeat(900)}`;
    const template = parseGoTemplate('t', `{{define "r"}}${nested}{{end}}{{template "r" .}}`);
    expect(() => template.execute(null)).toThrow(GoTemplateExecError);
  });

  it('counts output in UTF-8 bytes', () => {
    const template = GoTemplate.parse('t', '{{.}}', {}, { ...DEFAULT_LIMITS, maxOutputBytes: 5 });
    expect(template.execute('ééé'.slice(0, 2))).toBe('éé');
    expect(() => template.execute('ééé')).toThrow('output exceeds the limit of 5 bytes');
  });

  it('the default limits render ordinary fleets', () => {
    const template = parseGoTemplate('t', '{{range .}}{{.name}}-{{.server}}\n{{end}}');
    const clusters = Array.from({ length: 5000 }, (_, i) => ({ name: `c${i}`, server: `https://127.0.0.1:${6000 + i}` }));
    expect(template.execute(clusters).split('\n')).toHaveLength(5001);
  });
});

describe('errors', () => {
  it('parse errors are GoTemplateParseError', () => {
    expect(() => parseGoTemplate('name', '{{if}}')).toThrow(GoTemplateParseError);
    expect(() => parseGoTemplate('name', '{{if}}')).toThrow('template: name:1: missing value for if');
  });

  it('function errors keep their message after the Go prefix', () => {
    const template = parseGoTemplate('app', 'x\n  {{ required "path is required" .path }}', {
      required: (message, value) => {
        if (value === undefined || value === null || value === '') throw new GoTemplateFunctionError(formatValue(message));
        return value;
      },
    });
    expect(template.execute({ path: 'apps/a' })).toBe('x\n  apps/a');
    expect(() => template.execute({})).toThrow('template: app:2:5: executing "app" at <required "path is re...>: error calling required: path is required');
  });

  it('functions get nil for missing values and the value for present ones', () => {
    const seen: unknown[] = [];
    const template = parseGoTemplate('t', '{{ probe .missing .nul .n 1 "s" }}', {
      probe: (...args) => {
        seen.push(...args);
        return '';
      },
    });
    template.execute({ nul: null, n: 2 });
    expect(seen).toEqual([null, null, 2, 1n, 's']);
  });

  it('a user function replaces the builtin of the same name, as in Go', () => {
    const template = parseGoTemplate('t', '{{ len "abc" }}', { len: () => 'mine' });
    expect(template.execute(null)).toBe('mine');
  });
});

describe('Go option strings', () => {
  const rows: { options: string[]; want?: ExecuteOptions; error?: string }[] = [
    { options: [], want: {} },
    { options: ['missingkey=error'], want: { missingKey: 'error' } },
    { options: ['missingkey=zero'], want: { missingKey: 'zero' } },
    { options: ['missingkey=default'], want: { missingKey: 'default' } },
    { options: ['missingkey=invalid'], want: { missingKey: 'invalid' } },
    { options: ['missingkey=error', 'missingkey=default'], want: { missingKey: 'default' } },
    { options: ['missingkey=panic'], error: 'unrecognized option: missingkey=panic' },
    { options: ['missingkey'], error: 'unrecognized option: missingkey' },
    { options: ['strict'], error: 'unrecognized option: strict' },
    { options: [''], error: 'empty option string' },
  ];
  it.each(rows)('$options', ({ options, want, error }) => {
    if (error) expect(() => executeOptionsFromGo(options)).toThrow(new GoTemplateOptionError(error));
    else expect(executeOptionsFromGo(options)).toEqual(want);
  });

  it('missingkey=error from the options applies at execution', () => {
    const template = parseGoTemplate('base', '{{ .nope }}');
    expect(() => template.execute({}, executeOptionsFromGo(['missingkey=error']))).toThrow('template: base:1:3: executing "base" at <.nope>: map has no entry for key "nope"');
  });
});

describe('as Argo CD reports them (template named "base")', () => {
  const funcs = {
    toYaml: () => {
      throw new GoTemplateFunctionError('cannot marshal');
    },
  };
  const rows: { name: string; text: string; params: GoMap; options?: string[]; want?: string; error?: string }[] = [
    { name: 'a quote passes through unescaped', text: '{{.q}}', params: { q: '"' }, want: '"' },
    { name: 'missing key with the default option', text: '==> {{.absent}} <==', params: { other: 'x' }, want: '==> <no value> <==' },
    { name: 'missing key with missingkey=error', text: '==> {{.absent}} <==', params: { other: 'x' }, options: ['missingkey=error'], error: 'template: base:1:6: executing "base" at <.absent>: map has no entry for key "absent"' },
    { name: 'field of a string parameter', text: '{{.repo.branch}}', params: { repo: 'main' }, error: `template: base:1:7: executing "base" at <.repo.branch>: can't evaluate field branch in type interface {}` },
    { name: 'a failing function is reported at its command', text: '{{ toYaml . | print }}', params: { a: 1 }, error: 'template: base:1:3: executing "base" at <toYaml .>: error calling toYaml: cannot marshal' },
    { name: 'cluster generator parameters', text: '{{.name}}-{{.metadata.labels.env}}', params: { name: 'in-cluster', metadata: { labels: { env: 'dev' } } }, want: 'in-cluster-dev' },
    { name: 'git generator path parameters', text: '{{index .path.segments 1}}/{{.path.basename}}', params: { path: { segments: ['apps', 'web'], basename: 'web' } }, want: 'web/web' },
    { name: 'list generator number', text: 'replicas: {{.replicas}}', params: { replicas: 3 }, want: 'replicas: 3' },
  ];
  it.each(rows)('$name', ({ text, params, options, want, error }) => {
    const render = () => parseGoTemplate('base', text, funcs).execute(params, executeOptionsFromGo(options ?? []));
    if (error) expect(render).toThrow(error);
    else expect(render()).toBe(want);
  });

  it('parse errors name the template', () => {
    expect(() => parseGoTemplate('base', '{{notAFunction}}', funcs)).toThrow('template: base:1: function "notAFunction" not defined');
  });
});
