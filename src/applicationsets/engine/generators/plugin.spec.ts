import { describe, expect, it } from 'vitest';
import { runEntry } from '../testing/run-entry';
import type { GeneratorEntry } from '../types';
import { MAX_PLUGIN_PARAMETER_SETS } from './plugin';
import type { PluginRequest, PluginSource } from './plugin-source';

/** A plugin service in memory: answers per plugin name, and what it was asked. */
class FakePlugins implements PluginSource {
  readonly calls: { name: string; request: PluginRequest }[] = [];

  constructor(private readonly answer: (name: string, request: PluginRequest) => unknown) {}

  async getParams(name: string, request: PluginRequest): Promise<unknown> {
    this.calls.push({ name, request: structuredClone(request) });
    return this.answer(name, request);
  }
}

const answering = (parameters: unknown) => new FakePlugins(() => ({ output: { parameters } }));

const plugin = (config: Record<string, unknown> = {}): GeneratorEntry => ({ plugin: { configMapRef: { name: 'my-plugin' }, ...config } });

const run = (entry: GeneratorEntry, plugins: PluginSource | undefined, goTemplate = false) =>
  runEntry(entry, [], undefined, { goTemplate, plugins, applicationSetName: 'my-set' });

describe('plugin generator', () => {
  it('sends the set name and the input parameters as written, and asks the plugin the generator names', async () => {
    const plugins = answering([]);
    const result = await run(plugin({ input: { parameters: { repo: 'fleet', replicas: 2, flags: { a: true } } } }), plugins);
    expect(result).toEqual({ ok: true, params: [] });
    expect(plugins.calls).toEqual([{ name: 'my-plugin', request: { applicationSetName: 'my-set', input: { parameters: { repo: 'fleet', replicas: 2, flags: { a: true } } } } }]);
  });

  it('sends empty parameters when the generator has no input', async () => {
    const plugins = answering([]);
    await run(plugin(), plugins);
    expect(plugins.calls[0].request.input).toEqual({ parameters: {} });
  });

  const answer = [{ name: 'a', nested: { env: 'prod', replicas: 3, big: 1000000 }, tags: ['x', 'y'], on: true, none: null, empty: {} }];

  const rows: { name: string; goTemplate: boolean; config?: Record<string, unknown>; want: Record<string, unknown> }[] = [
    {
      name: 'fasttemplate: flattened with dots, printed as Go prints them, input under generator as a map',
      goTemplate: false,
      config: { input: { parameters: { team: 'web' } } },
      want: {
        name: 'a',
        'nested.env': 'prod',
        'nested.replicas': '3',
        'nested.big': '1e+06',
        'tags.0': 'x',
        'tags.1': 'y',
        on: 'true',
        none: '<nil>',
        empty: 'map[]',
        generator: { input: { parameters: { team: 'web' } } },
      },
    },
    {
      name: 'Go template: kept as answered, input under generator',
      goTemplate: true,
      config: { input: { parameters: { team: 'web' } } },
      want: { ...answer[0], generator: { input: { parameters: { team: 'web' } } } },
    },
    {
      name: 'fasttemplate values: flat values.<key>, rendered with the set\'s own parameters',
      goTemplate: false,
      config: { values: { ns: '{{name}}-{{nested.env}}', literal: 'x', input: '{{generator.input.parameters.team}}' }, input: { parameters: { team: 'web' } } },
      want: { 'values.ns': 'a-prod', 'values.literal': 'x', 'values.input': '{{generator.input.parameters.team}}' },
    },
    {
      name: 'Go template values: one values map, which may read the input parameters',
      goTemplate: true,
      config: { values: { ns: '{{ .name }}-{{ .nested.env }}', team: '{{ .generator.input.parameters.team }}' }, input: { parameters: { team: 'web' } } },
      want: { values: { ns: 'a-prod', team: 'web' } },
    },
  ];
  it.each(rows)('$name', async ({ goTemplate, config, want }) => {
    const result = await run(plugin(config), answering(answer), goTemplate);
    expect(result.ok, JSON.stringify(result)).toBe(true);
    if (result.ok) expect(result.params[0]).toMatchObject(want);
  });

  it('overrides a generator or values key the plugin answered, as Argo CD does', async () => {
    const result = await run(plugin({ values: { a: 'mine' } }), answering([{ generator: 'theirs', values: { b: 'theirs' } }]), true);
    expect(result).toEqual({ ok: true, params: [{ generator: { input: { parameters: {} } }, values: { a: 'mine' } }] });
  });

  it('gives one parameter set per answered object, in order', async () => {
    const result = await run(plugin(), answering([{ n: '1' }, { n: '2' }, { n: '3' }]));
    expect(result.ok && result.params.map((params) => params.n)).toEqual(['1', '2', '3']);
  });

  it('renders its input parameters with the first child\'s parameters inside a matrix', async () => {
    const plugins = answering([{ shard: 's1' }]);
    const entry = { matrix: { generators: [{ list: { elements: [{ cluster: 'eu' }, { cluster: 'us' }] } }, plugin({ input: { parameters: { region: '{{cluster}}', fixed: 1 } } })] } };
    const result = await run(entry, plugins);
    expect(plugins.calls.map((call) => call.request.input.parameters)).toEqual([{ region: 'eu', fixed: 1 }, { region: 'us', fixed: 1 }]);
    expect(result.ok && result.params.map((params) => `${String(params.cluster)}/${String(params.shard)}`)).toEqual(['eu/s1', 'us/s1']);
  });

  it('combines two plugin children in a fasttemplate matrix when they were sent the same input, and refuses different inputs', async () => {
    const plugins = new FakePlugins((name) => ({ output: { parameters: [{ [name]: 'yes' }] } }));
    const child = (name: string, team: string) => ({ plugin: { configMapRef: { name }, input: { parameters: { team } } } });
    const same = await run({ matrix: { generators: [child('left', 'web'), child('right', 'web')] } }, plugins);
    expect(same).toEqual({ ok: true, params: [{ left: 'yes', right: 'yes', generator: { input: { parameters: { team: 'web' } } } }] });
    const different = await run({ matrix: { generators: [child('left', 'web'), child('right', 'api')] } }, plugins);
    expect(different.ok).toBe(false);
    if (!different.ok) expect(different.reason).toMatch(/parameter "generator" has different values/);
  });

  it('lets a post selector match the flattened input parameters', async () => {
    const entry = { ...plugin({ input: { parameters: { tier: 'web' } } }), selector: { matchLabels: { 'generator.input.parameters.tier': 'web', name: 'b' } } };
    const result = await run(entry, answering([{ name: 'a' }, { name: 'b' }]));
    expect(result.ok && result.params.map((params) => params.name)).toEqual(['b']);
  });

  const failures: { name: string; plugins: PluginSource | undefined; want: RegExp }[] = [
    { name: 'no plugin source here', plugins: undefined, want: /plugin "my-plugin": generator plugins cannot be called here/ },
    {
      name: 'the source rejects (unreachable, timeout, status, not registered)',
      plugins: new FakePlugins(() => {
        throw new Error('answered HTTP 503');
      }),
      want: /^spec\.generators\[0\]\.plugin: plugin "my-plugin": answered HTTP 503$/,
    },
    { name: 'an answer that is not an object', plugins: new FakePlugins(() => [1, 2]), want: /plugin "my-plugin": malformed answer: expected a JSON object with an "output" object/ },
    { name: 'an answer without output', plugins: new FakePlugins(() => ({})), want: /malformed answer: expected a JSON object with an "output" object/ },
    { name: 'output without parameters (Argo CD would delete everything)', plugins: new FakePlugins(() => ({ output: {} })), want: /"output\.parameters" must be a list of objects/ },
    { name: 'parameters not a list', plugins: answering({ a: 1 }), want: /"output\.parameters" must be a list of objects/ },
    { name: 'a parameter set that is not an object', plugins: answering([{ a: '1' }, 'b']), want: /"output\.parameters\[1\]" must be an object/ },
    { name: 'a null parameter set', plugins: answering([null]), want: /"output\.parameters\[0\]" must be an object/ },
    { name: 'too many parameter sets', plugins: answering(Array.from({ length: MAX_PLUGIN_PARAMETER_SETS + 1 }, () => ({}))), want: new RegExp(`more than the ${MAX_PLUGIN_PARAMETER_SETS} allowed`) },
  ];
  it.each(failures)('fails, naming the plugin, on $name', async ({ plugins, want }) => {
    const result = await run(plugin(), plugins);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(want);
  });

  it('accepts exactly the maximum number of parameter sets', async () => {
    const result = await run(plugin(), answering(Array.from({ length: MAX_PLUGIN_PARAMETER_SETS }, (_, index) => ({ index }))));
    expect(result.ok && result.params).toHaveLength(MAX_PLUGIN_PARAMETER_SETS);
  });

  it('fails with the field when a value does not render in Go template mode', async () => {
    const result = await run(plugin({ values: { bad: '{{ .name ' } }), answering([{ name: 'a' }]), true);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain('spec.generators[0].plugin.values.bad');
  });
});
