import { describe, expect, it } from 'vitest';
import { expand } from './expand';
import { buildAppSet, buildContext } from './testing/builders';
import type { ExpansionErrorCode } from './types';

function withSpec(spec: Record<string, unknown>): Record<string, unknown> {
  const base = buildAppSet([{ list: { elements: [{ name: 'a', server: 'https://a' }] } }]);
  return { ...base, spec: { ...base.spec, ...spec } };
}

describe('ApplicationSet manifest validation', () => {
  const rows: { name: string; manifest: unknown; code: ExpansionErrorCode; path: string; message: RegExp }[] = [
    { name: 'not an object', manifest: null, code: 'InvalidManifest', path: '', message: /expected object/ },
    { name: 'wrong apiVersion', manifest: { ...buildAppSet([]), apiVersion: 'argoproj.io/v1' }, code: 'InvalidManifest', path: 'apiVersion', message: /argoproj\.io\/v1alpha1/ },
    { name: 'wrong kind', manifest: { ...buildAppSet([]), kind: 'Application' }, code: 'InvalidManifest', path: 'kind', message: /ApplicationSet/ },
    { name: 'invalid set name', manifest: { ...buildAppSet([]), metadata: { name: 'My_Set' } }, code: 'InvalidManifest', path: 'metadata.name', message: /DNS-1123/ },
    { name: 'no generators', manifest: withSpec({ generators: [] }), code: 'InvalidManifest', path: 'spec.generators', message: /at least one generator/ },
    { name: 'missing template', manifest: withSpec({ template: undefined }), code: 'InvalidManifest', path: 'spec.template', message: /expected object/ },
    { name: 'template without project', manifest: withSpec({ template: { metadata: {}, spec: { destination: {} } } }), code: 'InvalidManifest', path: 'spec.template.spec.project', message: /expected string/ },
    { name: 'non-string label in template', manifest: withSpec({ template: { metadata: { labels: { a: 1 } }, spec: { project: 'p', destination: {} } } }), code: 'InvalidManifest', path: 'spec.template.metadata.labels.a', message: /expected string/ },
    { name: 'unknown applicationsSync policy', manifest: withSpec({ syncPolicy: { applicationsSync: 'delete-all' } }), code: 'InvalidManifest', path: 'spec.syncPolicy.applicationsSync', message: /create-only/ },
    { name: 'templatePatch not a string', manifest: withSpec({ templatePatch: { spec: {} } }), code: 'InvalidManifest', path: 'spec.templatePatch', message: /expected string/ },
    { name: 'an unknown Go template option', manifest: withSpec({ goTemplate: true, goTemplateOptions: ['missingkey=error', 'strict'] }), code: 'InvalidManifest', path: 'spec.goTemplateOptions[1]', message: /unrecognized option: strict \(must be missingkey=/ },
    { name: 'scmProvider awsCodeCommit', manifest: withSpec({ generators: [{ list: { elements: [] } }, { scmProvider: { awsCodeCommit: { region: 'eu-west-1' } } }] }), code: 'UnsupportedGenerator', path: 'spec.generators[1].scmProvider.awsCodeCommit', message: /awsCodeCommit provider of the scmProvider generator is not supported/ },
    { name: 'git generator without repoURL', manifest: withSpec({ generators: [{ git: { directories: [{ path: '*' }] } }] }), code: 'InvalidManifest', path: 'spec.generators[0].git.repoURL', message: /expected string/ },
    { name: 'plugin inside matrix without configMapRef', manifest: withSpec({ generators: [{ matrix: { generators: [{ list: {} }, { plugin: {} }] } }] }), code: 'InvalidManifest', path: 'spec.generators[0].matrix.generators[1].plugin.configMapRef', message: /expected object/ },
    { name: 'jq path expressions', manifest: withSpec({ ignoreApplicationDifferences: [{ jqPathExpressions: ['.spec.source'] }] }), code: 'InvalidManifest', path: 'spec.ignoreApplicationDifferences[0].jqPathExpressions', message: /not supported; use jsonPointers/ },
    { name: 'malformed JSON pointer', manifest: withSpec({ ignoreApplicationDifferences: [{ jsonPointers: ['spec/x'] }] }), code: 'InvalidManifest', path: 'spec.ignoreApplicationDifferences[0].jsonPointers[0]', message: /JSON pointer/ },
    { name: 'preservedFields of the wrong type', manifest: withSpec({ preservedFields: { annotations: 'x' } }), code: 'InvalidManifest', path: 'spec.preservedFields.annotations', message: /expected array/ },
    {
      name: 'a rollout step operator Argo CD flags',
      manifest: withSpec({ strategy: { type: 'RollingSync', rollingSync: { steps: [{ matchExpressions: [{ key: 'env', operator: 'Exists' }] }] } } }),
      code: 'InvalidRolloutConfig',
      path: 'spec.strategy.rollingSync.steps[0].matchExpressions[0].operator',
      message: /only In and NotIn/,
    },
    { name: 'a bad maxUpdate', manifest: withSpec({ strategy: { type: 'RollingSync', rollingSync: { steps: [{ maxUpdate: '1.5' }] } } }), code: 'InvalidRolloutConfig', path: 'spec.strategy.rollingSync.steps[0].maxUpdate', message: /percentage/ },
    { name: 'bad generator config', manifest: withSpec({ generators: [{ list: { elements: 'x' } }] }), code: 'InvalidManifest', path: 'spec.generators[0].list.elements', message: /expected array/ },
  ];
  it.each(rows)('rejects $name', async ({ manifest, code, path, message }) => {
    const result = await expand(manifest, buildContext([]));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe(code);
    const issue = result.issues.find((i) => i.path === path);
    expect(issue, JSON.stringify(result.issues)).toBeDefined();
    expect(issue?.message).toMatch(message);
  });

  it('accepts goTemplate false and preserves unknown template fields', async () => {
    const manifest = withSpec({
      goTemplate: false,
      strategy: { type: 'RollingSync' },
      template: {
        metadata: { name: '{{name}}', annotations: { note: '{{name}}' } },
        spec: {
          project: 'default',
          source: { repoURL: 'https://github.com/org/repo', path: '.', plugin: { env: [{ name: 'X', value: '{{name}}' }] } },
          destination: { server: '{{server}}', namespace: 'ns' },
          ignoreDifferences: [{ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] }],
          revisionHistoryLimit: 3,
        },
      },
    });
    const result = await expand(manifest, buildContext([{ name: 'a', nameNormalized: 'a', server: 'https://a', labels: {}, annotations: {} }]));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [app] = result.applications;
    expect(app.metadata.annotations).toEqual({ note: 'a' });
    expect(app.spec.source).toEqual({ repoURL: 'https://github.com/org/repo', path: '.', plugin: { env: [{ name: 'X', value: 'a' }] } });
    expect(app.spec.ignoreDifferences).toEqual([{ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] }]);
    expect(app.spec.revisionHistoryLimit).toBe(3);
  });
});
