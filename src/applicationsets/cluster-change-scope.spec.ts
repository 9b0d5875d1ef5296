import { describe, expect, it } from 'vitest';
import type { ClusterFacts } from '../events/fleet-events';
import { type ClusterChange, clusterChangeCanAffect, type ExpansionScope } from './cluster-change-scope';

const prod: ClusterFacts = { name: 'prod-1', server: 'https://127.0.0.1:6443', labels: { env: 'prod', team: 'a' } };
const registered: ClusterChange = { before: null, after: prod };
const relabelled: ClusterChange = { before: prod, after: { ...prod, labels: { env: 'staging', team: 'a' } } };
const removed: ClusterChange = { before: prod, after: null };

function set(generators: unknown[], destination: unknown = { server: '{{server}}', namespace: 'x' }, templatePatch?: string): ExpansionScope {
  return { name: 's', generators, destination, templatePatch };
}
const clusters = (selector?: unknown, extra: Record<string, unknown> = {}) => ({ clusters: { ...(selector === undefined ? {} : { selector }), ...extra } });
const list = { list: { elements: [{ cluster: 'dev' }] } };

describe('clusterChangeCanAffect', () => {
  const rows: { name: string; scope: ExpansionScope; change: ClusterChange; expected: boolean }[] = [
    { name: 'selector matching the new cluster', scope: set([clusters({ matchLabels: { env: 'prod' } })]), change: registered, expected: true },
    { name: 'selector not matching the new cluster', scope: set([clusters({ matchLabels: { env: 'dev' } })]), change: registered, expected: false },
    { name: 'no selector: every cluster', scope: set([clusters()]), change: registered, expected: true },
    { name: 'secret-type label is matched like the generator does', scope: set([clusters({ matchLabels: { 'argocd.argoproj.io/secret-type': 'cluster' } })]), change: registered, expected: true },
    { name: 'matchExpressions NotIn', scope: set([clusters({ matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] })]), change: registered, expected: false },
    { name: 'relabelled out of the selector (matched before)', scope: set([clusters({ matchLabels: { env: 'prod' } })]), change: relabelled, expected: true },
    { name: 'relabelled into the selector (matches after)', scope: set([clusters({ matchLabels: { env: 'staging' } })]), change: relabelled, expected: true },
    { name: 'removed cluster it selected', scope: set([clusters({ matchLabels: { team: 'a' } })]), change: removed, expected: true },
    { name: 'inside a matrix', scope: set([{ matrix: { generators: [list, clusters({ matchLabels: { env: 'prod' } })] } }], { server: '{{server}}' }), change: registered, expected: true },
    {
      name: 'matrix of a non-matching selector and a list, destination from parameters',
      scope: set([{ matrix: { generators: [list, clusters({ matchLabels: { env: 'dev' } })] } }]),
      change: registered,
      expected: true,
    },
    { name: 'inside a merge, not matching, own server', scope: set([{ merge: { mergeKeys: ['server'], generators: [clusters({ matchLabels: { env: 'dev' } }), clusters({ matchLabels: { team: 'b' } })] } }]), change: registered, expected: false },
    { name: 'templated selector (filled in by a matrix)', scope: set([{ matrix: { generators: [list, clusters({ matchLabels: { env: '{{cluster}}' } })] } }], { name: 'dev' }), change: registered, expected: true },
    { name: 'malformed selector', scope: set([clusters({ matchExpressions: [{ key: 'env', operator: 'Near' }] })]), change: registered, expected: true },
    { name: 'list with a literal destination naming another cluster', scope: set([list], { name: 'dev' }), change: registered, expected: false },
    { name: 'list with a literal destination naming this cluster', scope: set([list], { name: 'prod-1' }), change: registered, expected: true },
    { name: 'list with a literal destination at this server', scope: set([list], { server: 'https://127.0.0.1:6443' }), change: removed, expected: true },
    { name: 'list with a templated destination', scope: set([list], { name: '{{cluster}}' }), change: registered, expected: true },
    { name: 'clusters only, destination templated from a label', scope: set([clusters({ matchLabels: { env: 'dev' } })], { name: '{{metadata.labels.target}}' }), change: registered, expected: true },
    { name: 'clusters only, Go template own name', scope: set([clusters({ matchLabels: { env: 'dev' } })], { name: '{{ .name }}' }), change: registered, expected: false },
    {
      name: 'generator template override naming this cluster',
      scope: set([clusters({ matchLabels: { env: 'dev' } }, { template: { spec: { destination: { name: 'prod-1' } } } })]),
      change: registered,
      expected: true,
    },
    { name: 'templatePatch may set the destination', scope: set([clusters({ matchLabels: { env: 'dev' } })], undefined, 'spec: {}'), change: registered, expected: true },
    {
      name: 'a cluster at the in-cluster URL changes what every set sees',
      scope: set([clusters({ matchLabels: { env: 'dev' } })]),
      change: { before: null, after: { ...prod, server: 'https://kubernetes.default.svc' } },
      expected: true,
    },
  ];
  for (const row of rows) {
    it(row.name, () => {
      expect(clusterChangeCanAffect(row.scope, row.change)).toBe(row.expected);
    });
  }
});
