import { describe, expect, it } from 'vitest';
import { expand } from './expand';
import { buildAppSet, buildCluster, buildContext } from './testing/builders';
import type { Application, ApplicationSet, ExpansionResult } from './types';

// Whole expansions of `goTemplate: true` sets: the template as Argo CD renders it, and its failures.
const clusters = [
  buildCluster('eu-1', { labels: { env: 'staging', region: 'eu' } }),
  buildCluster('us-1', { labels: { env: 'production', region: 'us' } }),
];

function goSet(template: Record<string, unknown>, spec: Partial<ApplicationSet['spec']> = {}): ApplicationSet {
  return buildAppSet([{ clusters: {} }], { goTemplate: true, template, ...spec });
}

const baseTemplate = {
  metadata: { name: '{{ .name }}-api', labels: { env: '{{ index .metadata.labels "env" }}' } },
  spec: {
    project: 'default',
    source: { repoURL: 'https://github.com/org/repo.git', targetRevision: 'main', path: 'apps/{{ .metadata.labels.env | upper | lower }}' },
    destination: { server: '{{ .server }}', namespace: '{{ .metadata.labels.region }}-{{ .nameNormalized }}' },
  },
};

function applications(result: ExpansionResult): Application[] {
  if (!result.ok) throw new Error(`expansion failed: ${result.code} ${result.message}`);
  return result.applications;
}

describe('expand with goTemplate: true', () => {
  it('renders every string of the template with Go templates and sprig', async () => {
    const apps = applications(await expand(goSet(baseTemplate), buildContext(clusters)));
    expect(apps.map((app) => [app.metadata.name, app.metadata.labels, app.spec.source?.path, app.spec.destination])).toEqual([
      ['eu-1-api', { env: 'staging' }, 'apps/staging', { server: clusters[0].server, namespace: 'eu-eu-1' }],
      ['us-1-api', { env: 'production' }, 'apps/production', { server: clusters[1].server, namespace: 'us-us-1' }],
    ]);
  });

  it('renders map keys too, as Argo CD does', async () => {
    const template = { ...baseTemplate, metadata: { ...baseTemplate.metadata, annotations: { 'team.{{ .metadata.labels.region }}/owner': 'platform' } } };
    const apps = applications(await expand(goSet(template), buildContext(clusters)));
    expect(apps.map((app) => app.metadata.annotations)).toEqual([{ 'team.eu/owner': 'platform' }, { 'team.us/owner': 'platform' }]);
  });

  it('applies a templatePatch rendered with Go templates (conditionals, range, toYaml)', async () => {
    const templatePatch = [
      'spec:',
      '  syncPolicy:',
      '    syncOptions:',
      '    {{- range $option := list "CreateNamespace=true" "ServerSideApply=true" }}',
      '      - {{ $option }}',
      '    {{- end }}',
      '  {{- if eq (index .metadata.labels "env") "production" }}',
      '    automated:',
      '      {{- toYaml (dict "prune" true "selfHeal" true) | nindent 6 }}',
      '  {{- end }}',
    ].join('\n');
    const apps = applications(await expand(goSet(baseTemplate, { templatePatch }), buildContext(clusters)));
    expect(apps.map((app) => app.spec.syncPolicy)).toEqual([
      { syncOptions: ['CreateNamespace=true', 'ServerSideApply=true'] },
      { syncOptions: ['CreateNamespace=true', 'ServerSideApply=true'], automated: { prune: true, selfHeal: true } },
    ]);
  });

  it('keeps a list element number as a number: printed as Go prints a float64', async () => {
    const appSet = buildAppSet([{ list: { elements: [{ name: 'eu-1', server: clusters[0].server, replicas: 3, big: 1000000 }] } }], {
      goTemplate: true,
      template: {
        metadata: { name: '{{ .name }}-{{ .replicas }}', annotations: { big: '{{ .big }}', sum: '{{ add .replicas 1 }}' } },
        spec: { ...baseTemplate.spec, source: { repoURL: 'https://github.com/org/repo.git', path: 'apps' }, destination: { server: '{{ .server }}', namespace: 'apps' } },
      },
    });
    const [app] = applications(await expand(appSet, buildContext(clusters)));
    expect([app.metadata.name, app.metadata.annotations]).toEqual(['eu-1-3', { big: '1e+06', sum: '4' }]);
  });

  it('missingkey=error fails the whole set, naming the field and the template position', async () => {
    const template = { ...baseTemplate, spec: { ...baseTemplate.spec, destination: { server: '{{ .server }}', namespace: '{{ .nope }}' } } };
    const result = await expand(goSet(template, { goTemplateOptions: ['missingkey=error'] }), buildContext(clusters));
    expect(result).toMatchObject({ ok: false, code: 'TemplateError' });
    expect(!result.ok && result.issues[0].path).toBe('spec.template.spec.destination.namespace');
    expect(!result.ok && result.message).toContain('template: base:1:3: executing "base" at <.nope>: map has no entry for key "nope"');
  });

  it('the default missingkey prints <no value>', async () => {
    const template = { ...baseTemplate, metadata: { name: '{{ .name }}', annotations: { missing: '{{ .nope }}' } } };
    const apps = applications(await expand(goSet(template), buildContext(clusters)));
    expect(apps[0].metadata.annotations).toEqual({ missing: '<no value>' });
  });

  it('a parse error fails the set with the field and Go\'s message', async () => {
    const template = { ...baseTemplate, metadata: { name: '{{ .name ' } };
    const result = await expand(goSet(template), buildContext(clusters));
    expect(result).toMatchObject({ ok: false, code: 'TemplateError', issues: [{ path: 'spec.template.metadata.name' }] });
    expect(!result.ok && result.message).toMatch(/template: base:1: unclosed action/);
  });

  it('an unknown function is a parse error naming it', async () => {
    const template = { ...baseTemplate, metadata: { name: '{{ env "HOME" }}' } };
    const result = await expand(goSet(template), buildContext(clusters));
    expect(!result.ok && result.message).toContain('function "env" not defined');
  });

  it('a templatePatch error is reported as such', async () => {
    const result = await expand(goSet(baseTemplate, { templatePatch: '{{ fail "no patch for you" }}' }), buildContext(clusters));
    expect(result).toMatchObject({ ok: false, code: 'TemplatePatchError' });
    expect(!result.ok && result.message).toContain('no patch for you');
  });

  it('a loop that would hold the hub stops the whole expansion once the shared step budget is spent', async () => {
    const elements = Array.from({ length: 50 }, (_, index) => ({ name: `app-${index}`, server: clusters[0].server }));
    const template = {
      metadata: { name: '{{ .name }}', annotations: { spin: '{{ range $i := until 1000000 }}{{ end }}' } },
      spec: { project: 'default', source: { repoURL: 'https://github.com/org/repo.git', path: 'apps' }, destination: { server: '{{ .server }}', namespace: 'apps' } },
    };
    const started = performance.now();
    const result = await expand(buildAppSet([{ list: { elements } }], { goTemplate: true, template }), buildContext(clusters));
    expect(result, JSON.stringify(result).slice(0, 300)).toMatchObject({ ok: false, code: 'TemplateError', issues: [{ path: 'spec.template.metadata.annotations.spin' }] });
    expect(!result.ok && result.message).toContain('execution exceeded the step budget shared by this expansion');
    console.log(`hostile loop over 50 applications stopped after ${(performance.now() - started).toFixed(0)} ms`);
  });

  it.each([
    ['one Application', 100_000, /execution exceeded 10000000 steps$/],
    ['the Applications together (25 keys each, two clusters)', 25, /execution exceeded the step budget shared by this expansion$/],
  ])('key generation is charged to the step limit and the shared budget: keys beyond a few dozen for %s are a template error', async (_title, keys, message) => {
    // Charged one step each before, 100,000 keys per Application (RSA ones with genCA) held the hub for minutes to hours.
    const template = {
      ...baseTemplate,
      metadata: { ...baseTemplate.metadata, annotations: { keys: `{{ range until ${keys} }}{{ $key := genPrivateKey "ecdsa" }}{{ end }}` } },
    };
    const result = await expand(goSet(template), buildContext(clusters));
    expect(result).toMatchObject({ ok: false, code: 'TemplateError', issues: [{ path: 'spec.template.metadata.annotations.keys' }] });
    expect(!result.ok && result.message).toMatch(/at <genPrivateKey "ecdsa\.\.\.>: /);
    expect(!result.ok && result.message).toMatch(message);
  });
});
