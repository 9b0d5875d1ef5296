import { describe, expect, it } from 'vitest';
import { buildCluster, buildContext, buildProject } from './testing/builders';
import type { Application } from './types';
import { checkApplication, validateApplications } from './validate-applications';

const prod = buildCluster('prod', { server: 'https://127.0.0.1:7443' });
const team = buildProject({ sourceRepos: ['https://127.0.0.1:9/team/*'], destinations: [{ server: prod.server, namespace: 'team-*' }] });
const context = buildContext([prod], { projects: new Map([['team', team]]) });

function app(change: (app: Application) => void = () => undefined): Application {
  const built: Application = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'web' },
    spec: { project: 'team', source: { repoURL: 'https://127.0.0.1:9/team/web.git' }, destination: { server: prod.server, namespace: 'team-web' } },
  };
  change(built);
  return built;
}

describe('checkApplication: one hand-written Application, by the rules generated ones meet', () => {
  it('accepts one the project permits on a registered cluster', () => {
    expect(checkApplication(app(), context)).toBeUndefined();
  });

  it.each([
    ['an invalid name', (a: Application): unknown => (a.metadata.name = 'Web_1'), 'metadata.name', 'manifest'],
    ['an invalid label key', (a: Application): unknown => (a.metadata.labels = { 'a b': 'x' }), 'metadata.labels.a b', 'manifest'],
    ['no source', (a: Application): unknown => delete a.spec.source, 'spec.source', 'manifest'],
    ['a source without repoURL among several', (a: Application): unknown => (a.spec.sources = [{ repoURL: 'https://127.0.0.1:9/team/a.git' }, { repoURL: '' }]), 'spec.sources[1].repoURL', 'manifest'],
    ['both server and name', (a: Application): unknown => (a.spec.destination.name = 'prod'), 'spec.destination', 'manifest'],
    ['an invalid namespace', (a: Application): unknown => (a.spec.destination.namespace = 'Team_Web'), 'spec.destination.namespace', 'manifest'],
    ['a project that does not exist', (a: Application): unknown => (a.spec.project = 'other'), 'spec.project', 'hub'],
    ['a repository the project does not permit', (a: Application): unknown => (a.spec.source = { repoURL: 'https://127.0.0.1:9/other/web.git' }), 'spec.source.repoURL', 'hub'],
    ['an unregistered cluster name', (a: Application): unknown => (a.spec.destination = { name: 'staging', namespace: 'team-web' }), 'spec.destination.name', 'hub'],
    ['a namespace the project does not permit', (a: Application): unknown => (a.spec.destination.namespace = 'kube-system'), 'spec.destination', 'hub'],
  ] satisfies [string, (a: Application) => unknown, string, string][])('refuses %s, naming the field', (_case, change, path, against) => {
    expect(checkApplication(app(change), context)).toMatchObject({ path, against });
  });

  const chart = { repoURL: 'https://127.0.0.1:9/team/charts.git', path: 'web', helm: { valueFiles: ['$env/web/values.yaml'] } };
  const env = { repoURL: 'https://127.0.0.1:9/team/env.git', ref: 'env' };

  it.each([
    ['a chart with values from a ref source', [chart, env]],
    ['a ref source no value file names', [{ repoURL: chart.repoURL, path: 'web' }, env]],
    ['a ref source that renders its own path too', [chart, { ...env, path: 'extra' }]],
    ['an absolute path inside the ref repository', [{ ...chart, helm: { valueFiles: ['$env//web/values.yaml'] } }, env]],
  ])('accepts multiple sources: %s', (_case, sources) => {
    expect(checkApplication(app((a) => ((a.spec.sources = sources), delete a.spec.source)), context)).toBeUndefined();
  });

  it.each([
    ['a $ref no source defines', [{ ...chart, helm: { valueFiles: ['$values/web.yaml'] } }, env], 'spec.sources[0].helm.valueFiles[0]', 'manifest'],
    ['a $ref path that leaves the repository', [{ ...chart, helm: { valueFiles: ['$env/../x.yaml'] } }, env], 'spec.sources[0].helm.valueFiles[0]', 'manifest'],
    ['a bare $ref', [{ ...chart, helm: { valueFiles: ['$env'] } }, env], 'spec.sources[0].helm.valueFiles[0]', 'manifest'],
    ['value files that are not a list', [{ ...chart, helm: { valueFiles: '$env/x.yaml' } }, env], 'spec.sources[0].helm.valueFiles', 'manifest'],
    ['two sources with one ref', [chart, env, { ...env }], 'spec.sources[2].ref', 'manifest'],
    ['a ref with a chart', [chart, { ...env, chart: 'nginx' }], 'spec.sources[1].chart', 'manifest'],
    ['a source with neither path nor ref', [chart, env, { repoURL: env.repoURL }], 'spec.sources[2].path', 'manifest'],
    ['a ref source the project does not permit', [chart, { ...env, repoURL: 'https://127.0.0.1:9/other/env.git' }], 'spec.sources[1].repoURL', 'hub'],
  ] satisfies [string, Record<string, unknown>[], string, string][])('refuses multiple sources with %s, naming the field', (_case, sources, path, against) => {
    expect(checkApplication(app((a) => (a.spec.sources = sources as Application['spec']['sources'])), context)).toMatchObject({ path, against });
  });

  it('gives a generated application the same reason as its rejection', () => {
    const rejected = app((a) => (a.spec.project = 'other'));
    expect(validateApplications([rejected], context).rejected).toEqual([{ name: 'web', reason: checkApplication(rejected, context)!.message }]);
  });
});
