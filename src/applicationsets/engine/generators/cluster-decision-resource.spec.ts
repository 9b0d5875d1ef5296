import { describe, expect, it } from 'vitest';
import { matchesSelector, parseLabelSelector } from '../../../common/label-selector';
import { expand } from '../expand';
import { buildAppSet, buildCluster, buildContext, loopbackServer } from '../testing/builders';
import { runEntry } from '../testing/run-entry';
import type { ClusterDecisionSource, DecisionResourceQuery } from './cluster-decision-source';

type Resource = Record<string, unknown>;

/** An in-memory hub namespace: ConfigMaps by name and the objects of each resource type, selected as the API server does. */
class FakeDecisionSource implements ClusterDecisionSource {
  readonly namespace = 'argocd';
  readonly queries: DecisionResourceQuery[] = [];
  failure?: Error;

  constructor(
    private readonly configMaps: Record<string, Record<string, string>>,
    private readonly resources: Record<string, Resource[]>,
  ) {}

  async configMapData(name: string): Promise<Record<string, string> | undefined> {
    if (this.failure) throw this.failure;
    return this.configMaps[name];
  }

  async listResources(query: DecisionResourceQuery): Promise<Resource[]> {
    this.queries.push(query);
    const all = this.resources[`${query.resource}.${query.group}/${query.version}`];
    if (all === undefined) throw new Error(`the API server does not serve ${query.resource} in ${query.group}/${query.version} (HTTP 404)`);
    const requirements = parseLabelSelector(query.labelSelector ?? '');
    return all.filter((item) => {
      const metadata = item.metadata as { name: string; labels?: Record<string, string> };
      return query.name !== undefined ? metadata.name === query.name : matchesSelector(requirements, metadata.labels ?? {});
    });
  }
}

const DUCKS = 'ducks.mallard.io/v1';
const duckConfigMap = { apiVersion: 'mallard.io/v1', kind: 'ducks', statusListKey: 'decisions', matchKey: 'clusterName' };
const duck = (name: string, labels: Record<string, string>, status: unknown): Resource => ({
  apiVersion: 'mallard.io/v1',
  kind: 'Duck',
  metadata: { name, namespace: 'argocd', labels },
  ...(status === undefined ? {} : { status }),
});
const quak = duck('quak', { duck: 'all-species' }, { decisions: [{ clusterName: 'staging-01' }, { clusterName: 'production-01' }] });
const spotted = duck('spotted', { duck: 'spotted' }, { decisions: [{ clusterName: 'production-01', reason: '', score: 0, weight: 0.5, big: 1000000, flag: true, nested: { a: 1 } }] });
const clusters = [buildCluster('staging-01'), buildCluster('production-01'), buildCluster('7')];

function source(configMaps: Record<string, Record<string, string>> = { ducks: duckConfigMap }, resources: Record<string, Resource[]> = { [DUCKS]: [quak, spotted] }) {
  return new FakeDecisionSource(configMaps, resources);
}

const run = (config: Record<string, unknown>, options: { source?: FakeDecisionSource | null; goTemplate?: boolean; inCluster?: boolean } = {}) =>
  runEntry({ clusterDecisionResource: { configMapRef: 'ducks', ...config } }, clusters, options.inCluster === undefined ? undefined : { enabled: options.inCluster }, {
    goTemplate: options.goTemplate ?? false,
    ...(options.source === null ? {} : { clusterDecisions: options.source ?? source() }),
  });

const cluster = (name: string) => ({ name, server: loopbackServer(name) });

describe('clusterDecisionResource generator', () => {
  const rows: { name: string; config: Record<string, unknown>; source?: FakeDecisionSource; goTemplate?: boolean; inCluster?: boolean; want: Record<string, unknown>[] }[] = [
    {
      name: 'by name: one parameter set per decision naming a known cluster, in the order listed',
      config: { name: 'quak' },
      want: [
        { ...cluster('staging-01'), clusterName: 'staging-01' },
        { ...cluster('production-01'), clusterName: 'production-01' },
      ],
    },
    {
      name: 'by labelSelector (matchLabels)',
      config: { labelSelector: { matchLabels: { duck: 'spotted' } } },
      want: [{ ...cluster('production-01'), clusterName: 'production-01', reason: '', score: '0', weight: '0.5', big: '1000000', flag: 'true', nested: 'map[a:1]' }],
    },
    {
      name: 'by labelSelector (matchExpressions), every selected resource',
      config: { labelSelector: { matchExpressions: [{ key: 'duck', operator: 'In', values: ['all-species', 'spotted'] }] } },
      want: [
        { ...cluster('staging-01'), clusterName: 'staging-01' },
        { ...cluster('production-01'), clusterName: 'production-01' },
        expect.objectContaining({ ...cluster('production-01'), score: '0' }),
      ],
    },
    {
      name: 'values as written: values.<key> in fasttemplate mode',
      config: { name: 'quak', values: { foo: 'bar', raw: '{{name}}' } },
      want: [
        { ...cluster('staging-01'), clusterName: 'staging-01', 'values.foo': 'bar', 'values.raw': '{{name}}' },
        { ...cluster('production-01'), clusterName: 'production-01', 'values.foo': 'bar', 'values.raw': '{{name}}' },
      ],
    },
    {
      name: 'Go template mode: decision fields stay strings, values is a map',
      config: { labelSelector: { matchLabels: { duck: 'spotted' } }, values: { foo: 'bar' } },
      goTemplate: true,
      want: [{ ...cluster('production-01'), clusterName: 'production-01', reason: '', score: '0', weight: '0.5', big: '1000000', flag: 'true', nested: 'map[a:1]', values: { foo: 'bar' } }],
    },
    {
      name: 'decisions naming unknown clusters, or none, are skipped',
      config: { name: 'mixed' },
      source: source(undefined, { [DUCKS]: [duck('mixed', {}, { decisions: [{ clusterName: 'gone' }, { other: 'x' }, { clusterName: '' }, { clusterName: null }, { clusterName: 'staging-01' }] })] }),
      want: [{ ...cluster('staging-01'), clusterName: 'staging-01' }],
    },
    {
      name: 'a decision field named like a cluster parameter wins, as in Argo CD',
      config: { name: 'q' },
      source: source(undefined, { [DUCKS]: [duck('q', {}, { decisions: [{ clusterName: 'staging-01', server: 'https://127.0.0.1:1' }] })] }),
      want: [{ name: 'staging-01', clusterName: 'staging-01', server: 'https://127.0.0.1:1' }],
    },
    {
      name: 'statusListKey defaults to clusters',
      config: { name: 'q' },
      source: source({ ducks: { ...duckConfigMap, statusListKey: '' } }, { [DUCKS]: [duck('q', {}, { clusters: [{ clusterName: 'production-01' }] })] }),
      want: [{ ...cluster('production-01'), clusterName: 'production-01' }],
    },
    {
      name: 'a resource without a status (or an empty one) has no decisions yet',
      config: { labelSelector: { matchLabels: {} } },
      source: source(undefined, { [DUCKS]: [duck('new', {}, undefined), duck('empty', {}, {}), quak] }),
      want: [
        { ...cluster('staging-01'), clusterName: 'staging-01' },
        { ...cluster('production-01'), clusterName: 'production-01' },
      ],
    },
    {
      name: 'in-cluster can be decided when the hub exposes it',
      config: { name: 'local' },
      inCluster: true,
      source: source(undefined, { [DUCKS]: [duck('local', {}, { decisions: [{ clusterName: 'in-cluster' }] })] }),
      want: [{ name: 'in-cluster', server: 'https://kubernetes.default.svc', clusterName: 'in-cluster' }],
    },
    {
      name: 'a matchKey with a number matches by its printed form',
      config: { name: 'n' },
      source: source({ ducks: { ...duckConfigMap, matchKey: 'id' } }, { [DUCKS]: [duck('n', {}, { decisions: [{ id: 7 }] })] }),
      want: [{ ...cluster('7'), id: '7' }],
    },
  ];
  it.each(rows)('$name', async ({ config, source: fake, goTemplate, inCluster, want }) => {
    const result = await run(config, { source: fake, goTemplate, inCluster });
    expect(result).toEqual({ ok: true, params: want });
  });

  it('asks the API server for one object by name, or by the label selector in its text form', async () => {
    const fake = source();
    await run({ name: 'quak' }, { source: fake });
    await run({ labelSelector: { matchLabels: { duck: 'spotted' }, matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] } }, { source: fake });
    expect(fake.queries).toEqual([
      { group: 'mallard.io', version: 'v1', resource: 'ducks', name: 'quak' },
      { group: 'mallard.io', version: 'v1', resource: 'ducks', labelSelector: 'duck in (spotted),!tier' },
    ]);
  });

  const failures: { name: string; config?: Record<string, unknown>; source?: FakeDecisionSource | null; message: RegExp }[] = [
    { name: 'no source (the hub cannot read its own cluster)', source: null, message: /clusterDecisionResource: the hub's own cluster cannot be read here/ },
    { name: 'ConfigMap missing', config: { configMapRef: 'nope' }, message: /configMapRef: ConfigMap argocd\/nope not found/ },
    { name: 'ConfigMap without kind', source: source({ ducks: { apiVersion: 'mallard.io/v1', matchKey: 'clusterName' } }), message: /ConfigMap argocd\/ducks needs "apiVersion" \(group\/version\) and "kind"/ },
    { name: 'ConfigMap with a core apiVersion', source: source({ ducks: { ...duckConfigMap, apiVersion: 'v1' } }), message: /needs "apiVersion" \(group\/version\)/ },
    { name: 'ConfigMap without matchKey (Argo CD would generate nothing)', source: source({ ducks: { ...duckConfigMap, matchKey: '' } }), message: /ConfigMap argocd\/ducks needs "matchKey"/ },
    { name: 'kind not served', source: source({ ducks: { ...duckConfigMap, kind: 'geese' } }), message: /clusterDecisionResource: the API server does not serve geese in mallard.io\/v1 \(HTTP 404\)/ },
    { name: 'no resource of that name', config: { name: 'missing' }, message: /no ducks.mallard.io\/v1 named "missing" found in namespace argocd/ },
    { name: 'no resource matches the selector', config: { name: undefined, labelSelector: { matchLabels: { duck: 'none' } } }, message: /no ducks.mallard.io\/v1 matching labels "duck in \(none\)" found/ },
    { name: 'status list missing', source: source(undefined, { [DUCKS]: [duck('quak', {}, { phase: 'x' })] }), message: /resource "quak" has a malformed status: status.decisions is missing/ },
    { name: 'status list not a list', source: source(undefined, { [DUCKS]: [duck('quak', {}, { decisions: 'staging-01' })] }), message: /status.decisions is not a list/ },
    { name: 'a decision that is not an object', source: source(undefined, { [DUCKS]: [duck('quak', {}, { decisions: ['staging-01'] })] }), message: /status.decisions\[0\] is not an object/ },
    { name: 'status not an object', source: source(undefined, { [DUCKS]: [duck('quak', {}, 'ready')] }), message: /malformed status: not an object/ },
    { name: 'an invalid selector value', config: { name: undefined, labelSelector: { matchLabels: { duck: 'not valid!' } } }, message: /clusterDecisionResource.labelSelector: matchLabels.duck: invalid label value/ },
  ];
  it.each(failures)('fails the set: $name', async ({ config, source: fake, message }) => {
    const result = await run({ name: 'quak', ...config }, { source: fake });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(message);
  });

  it('fails with the source\'s own message when the API server cannot be reached', async () => {
    const fake = source();
    fake.failure = new Error('the hub\'s own cluster: no connection to the API server (ECONNREFUSED)');
    expect(await run({ name: 'quak' }, { source: fake })).toEqual({
      ok: false,
      reason: "spec.generators[0].clusterDecisionResource: the hub's own cluster: no connection to the API server (ECONNREFUSED)",
    });
  });

  it('a failure fails the whole expansion, so nothing is deleted', async () => {
    const appSet = buildAppSet([{ clusterDecisionResource: { configMapRef: 'nope', name: 'quak' } }]);
    const result = await expand(appSet, buildContext(clusters, { clusterDecisions: source() }));
    expect(result).toMatchObject({ ok: false, code: 'GeneratorFailed' });
  });

  it('renders one application per decided cluster through expand', async () => {
    const appSet = buildAppSet([{ clusterDecisionResource: { configMapRef: 'ducks', name: 'quak', requeueAfterSeconds: 60 } }]);
    const result = await expand(appSet, buildContext(clusters, { clusterDecisions: source() }));
    expect(result.ok && result.applications.map((app) => [app.metadata.name, app.spec.destination.server])).toEqual([
      ['staging-01-app', loopbackServer('staging-01')],
      ['production-01-app', loopbackServer('production-01')],
    ]);
  });
});
