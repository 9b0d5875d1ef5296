import { describe, expect, it } from 'vitest';
import { compareApplyOrder, comparePruneOrder, groupByWave, InvalidSyncWaveError, kindRank, syncWaveOf } from './ordering';
import type { KubeObject } from './types';

function obj(kind: string, name: string, wave?: string, namespace = 'ns'): KubeObject {
  return {
    apiVersion: 'v1',
    kind,
    metadata: { name, namespace, ...(wave !== undefined && { annotations: { 'argoproj.io/sync-wave': wave } }) },
  };
}

describe('syncWaveOf', () => {
  const rows: { name: string; object: KubeObject; wave?: number; error?: boolean }[] = [
    { name: 'no annotation', object: obj('ConfigMap', 'a'), wave: 0 },
    { name: 'positive', object: obj('ConfigMap', 'a', '5'), wave: 5 },
    { name: 'negative', object: obj('ConfigMap', 'a', '-2'), wave: -2 },
    { name: 'padded', object: obj('ConfigMap', 'a', ' 3 '), wave: 3 },
    {
      name: "Argo CD's own key",
      object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', annotations: { 'argocd.argoproj.io/sync-wave': '7' } } },
      wave: 7,
    },
    { name: 'not a number', object: obj('ConfigMap', 'a', 'early'), error: true },
    { name: 'fraction', object: obj('ConfigMap', 'a', '1.5'), error: true },
    { name: 'empty', object: obj('ConfigMap', 'a', ''), error: true },
  ];
  it.each(rows)('$name', ({ object, wave, error }) => {
    if (error === true) {
      expect(() => syncWaveOf(object)).toThrow(InvalidSyncWaveError);
    } else {
      expect(syncWaveOf(object)).toBe(wave);
    }
  });
});

describe('apply order', () => {
  it('sorts by wave, then Namespaces, CRDs, the Helm-like kind order, custom kinds last, then name', () => {
    const items = [
      obj('Deployment', 'web'),
      obj('Widget', 'w'),
      obj('Service', 'web'),
      obj('ConfigMap', 'b'),
      obj('ConfigMap', 'a'),
      obj('CustomResourceDefinition', 'widgets.example.com', undefined, ''),
      obj('Namespace', 'ns', undefined, ''),
      obj('Job', 'migrate', '-1'),
      obj('Ingress', 'web', '1'),
    ].map((object) => ({ object, wave: syncWaveOf(object) }));
    const order = [...items].sort(compareApplyOrder).map(({ object, wave }) => `${wave}:${object.kind}/${object.metadata.name}`);
    expect(order).toEqual([
      '-1:Job/migrate',
      '0:Namespace/ns',
      '0:CustomResourceDefinition/widgets.example.com',
      '0:ConfigMap/a',
      '0:ConfigMap/b',
      '0:Service/web',
      '0:Deployment/web',
      '0:Widget/w',
      '1:Ingress/web',
    ]);
    const prune = [...items].sort(comparePruneOrder).map(({ object }) => object.kind);
    expect(prune.slice(0, 3)).toEqual(['Ingress', 'Widget', 'Deployment']);
    expect(prune.at(-1)).toBe('Job');
  });

  it('groups into waves in ascending order', () => {
    const items = [obj('ConfigMap', 'c', '2'), obj('ConfigMap', 'a', '-1'), obj('ConfigMap', 'b')].map((object) => ({ object, wave: syncWaveOf(object) }));
    expect([...groupByWave(items).keys()]).toEqual([-1, 0, 2]);
  });

  const ranks: { name: string; before: string; after: string }[] = [
    { name: 'Namespace before CRD', before: 'Namespace', after: 'CustomResourceDefinition' },
    { name: 'CRD before ServiceAccount', before: 'CustomResourceDefinition', after: 'ServiceAccount' },
    { name: 'Secret before Deployment', before: 'Secret', after: 'Deployment' },
    { name: 'Service before Deployment', before: 'Service', after: 'Deployment' },
    { name: 'Deployment before HPA', before: 'Deployment', after: 'HorizontalPodAutoscaler' },
    { name: 'known kinds before custom kinds', before: 'APIService', after: 'Certificate' },
  ];
  it.each(ranks)('$name', ({ before, after }) => {
    expect(kindRank(before)).toBeLessThan(kindRank(after));
  });
});
