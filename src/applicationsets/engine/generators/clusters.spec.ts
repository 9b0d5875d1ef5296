import { describe, expect, it } from 'vitest';
import { buildCluster, loopbackServer } from '../testing/builders';
import type { ClusterInfo } from '../types';
import { runEntry } from '../testing/run-entry';

const clusters: ClusterInfo[] = [
  buildCluster('staging_eu', { labels: { env: 'staging', 'app.kubernetes.io/part-of': 'fleet' }, annotations: { 'example.com/owner': 'team-a' }, project: 'platform' }),
  buildCluster('prod-eu', { labels: { env: 'production', tier: 'gold' } }),
  buildCluster('dev', { labels: {} }),
];

describe('clusters generator', () => {
  it('publishes Argo CD cluster parameters', async () => {
    const result = await runEntry({ clusters: { selector: { matchLabels: { env: 'staging' } } } }, clusters);
    expect(result).toEqual({
      ok: true,
      params: [
        {
          name: 'staging_eu',
          nameNormalized: 'staging-eu',
          server: loopbackServer('staging_eu'),
          project: 'platform',
          'metadata.labels.argocd.argoproj.io/secret-type': 'cluster',
          'metadata.labels.env': 'staging',
          'metadata.labels.app.kubernetes.io/part-of': 'fleet',
          'metadata.annotations.example.com/owner': 'team-a',
        },
      ],
    });
  });

  const selection: { name: string; config: Record<string, unknown>; inCluster?: boolean; registered?: ClusterInfo[]; want: string[] }[] = [
    { name: 'no selector selects all', config: {}, want: ['staging_eu', 'prod-eu', 'dev'] },
    { name: 'matchLabels', config: { selector: { matchLabels: { env: 'production' } } }, want: ['prod-eu'] },
    { name: 'In', config: { selector: { matchExpressions: [{ key: 'env', operator: 'In', values: ['staging', 'production'] }] } }, want: ['staging_eu', 'prod-eu'] },
    { name: 'NotIn includes clusters without the label', config: { selector: { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['production'] }] } }, want: ['staging_eu', 'dev'] },
    { name: 'Exists', config: { selector: { matchExpressions: [{ key: 'tier', operator: 'Exists' }] } }, want: ['prod-eu'] },
    { name: 'DoesNotExist', config: { selector: { matchExpressions: [{ key: 'env', operator: 'DoesNotExist' }] } }, want: ['dev'] },
    { name: 'matchLabels and expressions are ANDed', config: { selector: { matchLabels: { env: 'production' }, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['gold'] }] } }, want: [] },
    { name: 'in-cluster appended with empty selector', config: {}, inCluster: true, want: ['staging_eu', 'prod-eu', 'dev', 'in-cluster'] },
    { name: 'in-cluster not added when disabled', config: {}, inCluster: false, want: ['staging_eu', 'prod-eu', 'dev'] },
    { name: 'in-cluster excluded by any selector', config: { selector: { matchExpressions: [{ key: 'env', operator: 'DoesNotExist' }] } }, inCluster: true, want: ['dev'] },
    {
      name: 'the secret-type label selects registered clusters only, as in Argo CD',
      config: { selector: { matchLabels: { 'argocd.argoproj.io/secret-type': 'cluster' } } },
      inCluster: true,
      want: ['staging_eu', 'prod-eu', 'dev'],
    },
    {
      name: 'in-cluster not added when a registered cluster uses its URL',
      config: {},
      inCluster: true,
      registered: [buildCluster('local', { server: 'https://kubernetes.default.svc' })],
      want: ['local'],
    },
  ];
  it.each(selection)('$name', async ({ config, inCluster, registered, want }) => {
    const result = await runEntry({ clusters: config }, registered ?? clusters, inCluster === undefined ? undefined : { enabled: inCluster });
    expect(result.ok && result.params.map((p) => p.name)).toEqual(want);
  });

  it('gives in-cluster no metadata parameters', async () => {
    const result = await runEntry({ clusters: { values: { where: '{{name}}@{{server}}' } } }, [], { enabled: true });
    expect(result).toEqual({
      ok: true,
      params: [{ name: 'in-cluster', nameNormalized: 'in-cluster', server: 'https://kubernetes.default.svc', project: '', 'values.where': 'in-cluster@https://kubernetes.default.svc' }],
    });
  });

  const values: { name: string; values: Record<string, string>; want: Record<string, string> }[] = [
    { name: 'literal value', values: { revision: 'stable' }, want: { 'values.revision': 'stable' } },
    { name: 'templated with name', values: { clusterName: '{{name}}' }, want: { 'values.clusterName': 'staging_eu' } },
    { name: 'templated with a label', values: { env: '{{metadata.labels.env}}-x' }, want: { 'values.env': 'staging-x' } },
    { name: 'templated with a slashed annotation', values: { owner: '{{ metadata.annotations.example.com/owner }}' }, want: { 'values.owner': 'team-a' } },
    { name: 'unknown key kept verbatim', values: { x: '{{nope}}' }, want: { 'values.x': '{{nope}}' } },
    { name: 'values cannot reference other values', values: { a: 'A', b: '{{values.a}}' }, want: { 'values.a': 'A', 'values.b': '{{values.a}}' } },
  ];
  it.each(values)('values: $name', async ({ values: config, want }) => {
    const result = await runEntry({ clusters: { selector: { matchLabels: { env: 'staging' } }, values: config } }, clusters);
    expect(result.ok && result.params[0]).toMatchObject(want);
  });

  const errors: { name: string; config: Record<string, unknown>; reason: RegExp }[] = [
    { name: 'unknown operator', config: { selector: { matchExpressions: [{ key: 'env', operator: 'Equals', values: ['x'] }] } }, reason: /clusters\.selector: matchExpressions\[0\]\.operator: unknown operator/ },
    { name: 'In without values', config: { selector: { matchExpressions: [{ key: 'env', operator: 'In' }] } }, reason: /requires at least one value/ },
    { name: 'invalid label value', config: { selector: { matchLabels: { env: 'not valid!' } } }, reason: /matchLabels\.env: invalid label value/ },
    { name: 'broken values template', config: { values: { a: '{{name}} {{oops' } }, reason: /clusters\.values\.a: invalid template/ },
  ];
  it.each(errors)('fails on $name', async ({ config, reason }) => {
    const result = await runEntry({ clusters: config }, clusters);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});
