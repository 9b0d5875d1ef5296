import { describe, expect, it } from 'vitest';
import { buildCluster, loopbackServer } from '../testing/builders';
import { runEntry } from '../testing/run-entry';

// Go template mode (`goTemplate: true`): parameters keep their JSON types and nest, as Argo CD hands them over.
const go = { goTemplate: true };

const clusters = [
  buildCluster('staging-eu', { labels: { env: 'staging', region: 'eu' }, annotations: { owner: 'team-a' }, project: 'platform' }),
  buildCluster('prod-us', { labels: { env: 'production', region: 'us' } }),
];

describe('generators in Go template mode', () => {
  it('list: an element is the parameter set as written, numbers, booleans, maps and lists kept', async () => {
    const element = { name: 'api', replicas: 3, canary: false, resources: { cpu: '100m' }, zones: ['a', 'b'] };
    expect(await runEntry({ list: { elements: [element] } }, [], undefined, go)).toEqual({ ok: true, params: [element] });
  });

  it('list: a non-object element fails with its path', async () => {
    expect(await runEntry({ list: { elements: ['api'] } }, [], undefined, go)).toEqual({ ok: false, reason: 'spec.generators[0].list.elements[0]: each element must be an object' });
  });

  it('clusters: metadata.labels and metadata.annotations are maps, values a map rendered with Go templates', async () => {
    const result = await runEntry({ clusters: { selector: { matchLabels: { env: 'staging' } }, values: { revision: '{{ .metadata.labels.region }}-main' } } }, clusters, undefined, go);
    expect(result).toEqual({
      ok: true,
      params: [
        {
          name: 'staging-eu',
          nameNormalized: 'staging-eu',
          server: loopbackServer('staging-eu'),
          project: 'platform',
          metadata: { labels: { 'argocd.argoproj.io/secret-type': 'cluster', env: 'staging', region: 'eu' }, annotations: { owner: 'team-a' } },
          values: { revision: 'eu-main' },
        },
      ],
    });
  });

  it('clusters: a cluster without annotations has no annotations key; in-cluster has no metadata', async () => {
    const result = await runEntry({ clusters: {} }, [clusters[1]], { enabled: true }, go);
    expect(result.ok && result.params.map((params) => params.metadata)).toEqual([{ labels: { 'argocd.argoproj.io/secret-type': 'cluster', env: 'production', region: 'us' } }, undefined]);
  });

  it('clusters: flatList gives one parameter set holding every cluster', async () => {
    const result = await runEntry({ clusters: { flatList: true } }, clusters, undefined, go);
    expect(result.ok && result.params.length).toBe(1);
    expect(result.ok && (result.params[0].clusters as { name: string }[]).map((cluster) => cluster.name)).toEqual(['staging-eu', 'prod-us']);
  });

  it('matrix: the second child is rendered with the first child parameters, and the sets merge deeply with the first winning', async () => {
    const result = await runEntry(
      {
        matrix: {
          generators: [
            { list: { elements: [{ env: 'staging', config: { replicas: 2, image: 'v1' } }] } },
            { list: { elements: [{ path: 'apps/{{ .env }}', config: { replicas: 5, debug: true } }] } },
          ],
        },
      },
      [],
      undefined,
      go,
    );
    expect(result).toEqual({ ok: true, params: [{ env: 'staging', path: 'apps/staging', config: { replicas: 2, image: 'v1', debug: true } }] });
  });

  it('matrix: a second child selecting clusters by a label of the first', async () => {
    const result = await runEntry(
      { matrix: { generators: [{ list: { elements: [{ stage: 'production' }] } }, { clusters: { selector: { matchLabels: { env: '{{ .stage }}' } } } }] } },
      clusters,
      undefined,
      go,
    );
    expect(result.ok && result.params.map((params) => [params.stage, params.name])).toEqual([['production', 'prod-us']]);
  });

  it('merge: overrides merge deeply into the base sets matched by the merge keys', async () => {
    const result = await runEntry(
      {
        merge: {
          mergeKeys: ['server'],
          generators: [
            { clusters: { values: { kafka: 'true', redis: 'false' } } },
            { list: { elements: [{ server: loopbackServer('prod-us'), values: { redis: 'true' } }] } },
          ],
        },
      },
      clusters,
      undefined,
      go,
    );
    expect(result.ok && result.params.map((params) => [params.name, params.values])).toEqual([
      ['staging-eu', { kafka: 'true', redis: 'false' }],
      ['prod-us', { kafka: 'true', redis: 'true' }],
    ]);
  });

  it('post selector: matches the parameters flattened with dots', async () => {
    const result = await runEntry({ clusters: {}, selector: { matchLabels: { 'metadata.labels.region': 'us' } } }, clusters, undefined, go);
    expect(result.ok && result.params.map((params) => params.name)).toEqual(['prod-us']);
  });

  it('post selector: numbers and booleans match their Go printing', async () => {
    const elements = [{ n: 3, on: true }, { n: 2.5, on: true }, { n: 3, on: false }];
    const result = await runEntry({ list: { elements }, selector: { matchLabels: { n: '3', on: 'true' } } }, [], undefined, go);
    expect(result).toEqual({ ok: true, params: [{ n: 3, on: true }] });
  });
});
