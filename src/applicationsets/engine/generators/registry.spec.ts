import { describe, expect, it } from 'vitest';
import { createDefaultRegistry } from './index';

describe('GeneratorRegistry.validateEntry', () => {
  const registry = createDefaultRegistry();
  const rows: { name: string; entry: unknown; depth?: number; want: { path: string; message: RegExp; unsupported?: boolean }[] }[] = [
    { name: 'valid list', entry: { list: { elements: [] } }, want: [] },
    { name: 'valid clusters with selector', entry: { clusters: {}, selector: { matchLabels: { a: 'b' } } }, want: [] },
    { name: 'null selector and null fields mean absent', entry: { clusters: { selector: null, values: null, template: null }, selector: null }, want: [] },
    { name: 'list with null elements', entry: { list: { elements: null } }, want: [] },
    { name: 'not an object', entry: 'list', want: [{ path: 'g', message: /must be an object/ }] },
    { name: 'no generator', entry: { selector: {} }, want: [{ path: 'g', message: /no generator given/ }] },
    { name: 'null generator counts as none', entry: { clusters: null }, want: [{ path: 'g', message: /no generator given/ }] },
    { name: 'two generators in one entry', entry: { list: {}, clusters: {} }, want: [{ path: 'g', message: /exactly one generator per entry.*list, clusters/ }] },
    { name: 'unknown generator', entry: { foo: {} }, want: [{ path: 'g.foo', message: /unknown generator "foo"/ }] },
    { name: 'valid git directories', entry: { git: { repoURL: 'https://git.local/r', revision: 'main', directories: [{ path: 'apps/*' }, { path: 'apps/x', exclude: true }] } }, want: [] },
    { name: 'valid git files with every option', entry: { git: { repoURL: 'https://git.local/r', files: [{ path: '**/config.json' }], pathParamPrefix: 'p', values: { a: '{{path}}' }, requeueAfterSeconds: 30, template: { metadata: {} } } }, want: [] },
    { name: 'git without repoURL', entry: { git: { directories: [{ path: '*' }] } }, want: [{ path: 'g.git.repoURL', message: /expected string/ }] },
    { name: 'git directory without path', entry: { git: { repoURL: 'r', directories: [{ exclude: true }] } }, want: [{ path: 'g.git.directories[0].path', message: /expected string/ }] },
    { name: 'git exclude must be a boolean', entry: { git: { repoURL: 'r', files: [{ path: 'a', exclude: 'yes' }] } }, want: [{ path: 'g.git.files[0].exclude', message: /expected boolean/ }] },
    { name: 'git values must be strings', entry: { git: { repoURL: 'r', files: [{ path: 'a' }], values: { n: 1 } } }, want: [{ path: 'g.git.values.n', message: /expected string/ }] },
    { name: 'git requeueAfterSeconds is a whole number', entry: { git: { repoURL: 'r', files: [{ path: 'a' }], requeueAfterSeconds: 1.5 } }, want: [{ path: 'g.git.requeueAfterSeconds', message: /expected int/ }] },
    { name: 'valid clusterDecisionResource by name', entry: { clusterDecisionResource: { configMapRef: 'acm-placement', name: 'p', requeueAfterSeconds: 180, values: { a: 'b' }, template: { metadata: {} } } }, want: [] },
    { name: 'valid clusterDecisionResource by labelSelector', entry: { clusterDecisionResource: { configMapRef: 'acm-placement', labelSelector: { matchLabels: { a: 'b' } } } }, want: [] },
    { name: 'clusterDecisionResource without name or labelSelector', entry: { clusterDecisionResource: { configMapRef: 'c', labelSelector: {} } }, want: [{ path: 'g.clusterDecisionResource', message: /needs either "name" or "labelSelector"/ }] },
    { name: 'clusterDecisionResource with name and labelSelector', entry: { clusterDecisionResource: { configMapRef: 'c', name: 'p', labelSelector: { matchExpressions: [] } } }, want: [{ path: 'g.clusterDecisionResource.labelSelector', message: /either "name" or "labelSelector", not both/ }] },
    { name: 'clusterDecisionResource without configMapRef', entry: { clusterDecisionResource: { name: 'p' } }, want: [{ path: 'g.clusterDecisionResource.configMapRef', message: /expected string/ }] },
    { name: 'valid plugin with every option', entry: { plugin: { configMapRef: { name: 'p' }, input: { parameters: { a: 1, b: { c: [true] } } }, values: { v: '{{a}}' }, requeueAfterSeconds: 60, template: { spec: {} } } }, want: [] },
    { name: 'plugin without configMapRef', entry: { plugin: {} }, want: [{ path: 'g.plugin.configMapRef', message: /expected object/ }] },
    { name: 'plugin with an empty name', entry: { plugin: { configMapRef: { name: '' } } }, want: [{ path: 'g.plugin.configMapRef.name', message: /registered generator plugin/ }] },
    { name: 'plugin parameters must be a map', entry: { plugin: { configMapRef: { name: 'p' }, input: { parameters: [1] } } }, want: [{ path: 'g.plugin.input.parameters', message: /expected record/ }] },
    { name: 'plugin values must be strings', entry: { plugin: { configMapRef: { name: 'p' }, values: { n: 1 } } }, want: [{ path: 'g.plugin.values.n', message: /expected string/ }] },
    { name: 'scmProvider without a provider', entry: { scmProvider: {} }, want: [{ path: 'g.scmProvider', message: /needs one provider: github, gitlab/ }] },
    { name: 'scmProvider awsCodeCommit unsupported', entry: { scmProvider: { awsCodeCommit: {} } }, want: [{ path: 'g.scmProvider.awsCodeCommit', message: /not supported/, unsupported: true }] },
    { name: 'pullRequest without a provider', entry: { pullRequest: {} }, want: [{ path: 'g.pullRequest', message: /needs one provider: github, gitlab/ }] },
    { name: 'selector of the wrong shape', entry: { list: { elements: [] }, selector: { matchLabels: 'x' } }, want: [{ path: 'g.selector.matchLabels', message: /expected record/ }] },
    { name: 'list elements not an array', entry: { list: { elements: {} } }, want: [{ path: 'g.list.elements', message: /expected array/ }] },
    { name: 'clusters values must be strings', entry: { clusters: { values: { a: 1 } } }, want: [{ path: 'g.clusters.values.a', message: /expected string/ }] },
    { name: 'clusters flatList is a boolean', entry: { clusters: { flatList: 'yes' } }, want: [{ path: 'g.clusters.flatList', message: /expected boolean/ }] },
    { name: 'matrix with one child', entry: { matrix: { generators: [{ list: {} }] } }, want: [{ path: 'g.matrix.generators', message: /exactly two/ }] },
    { name: 'matrix child unsupported', entry: { matrix: { generators: [{ list: {} }, { scmProvider: { awsCodeCommit: {} } }] } }, want: [{ path: 'g.matrix.generators[1].scmProvider.awsCodeCommit', message: /not supported/, unsupported: true }] },
    { name: 'merge without merge keys', entry: { merge: { generators: [{ list: {} }, { list: {} }] } }, want: [{ path: 'g.merge.mergeKeys', message: /expected array/ }] },
    { name: 'merge with one child', entry: { merge: { mergeKeys: ['a'], generators: [{ list: {} }] } }, want: [{ path: 'g.merge.generators', message: /at least two/ }] },
    {
      name: 'composites nested one level are fine',
      entry: { matrix: { generators: [{ list: {} }, { merge: { mergeKeys: ['a'], generators: [{ list: {} }, { list: {} }] } }] } },
      want: [],
    },
    {
      name: 'composites nested two levels',
      entry: { matrix: { generators: [{ list: {} }, { matrix: { generators: [{ list: {} }, { matrix: { generators: [{ list: {} }, { list: {} }] } }] } }] } },
      want: [{ path: 'g.matrix.generators[1].matrix.generators[1].matrix', message: /nested only one level deep/ }],
    },
  ];
  it.each(rows)('$name', ({ entry, depth, want }) => {
    const issues = registry.validateEntry(entry, 'g', depth ?? 0);
    expect(issues).toHaveLength(want.length);
    want.forEach((expected, index) => {
      expect(issues[index].path).toBe(expected.path);
      expect(issues[index].message).toMatch(expected.message);
      expect(issues[index].unsupported === true).toBe(expected.unsupported === true);
    });
  });
});
