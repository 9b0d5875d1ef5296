import { normalizeClusterName } from '../../../domain/cluster-name';
import type { ApplicationSet, ClusterInfo, ExpansionContext, GeneratorEntry } from '../types';

export { buildProject } from '../../../projects/rules/testing/builders';

/** Test data builders with defaults; each test overrides only what it is about. */

export function buildCluster(name: string, overrides: Partial<ClusterInfo> = {}): ClusterInfo {
  return {
    name,
    nameNormalized: normalizeClusterName(name),
    server: `https://${normalizeClusterName(name)}.example.com`,
    labels: {},
    annotations: {},
    ...overrides,
  };
}

export function buildAppSet(generators: GeneratorEntry[], spec: Partial<ApplicationSet['spec']> = {}): ApplicationSet {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: { name: 'test-set', namespace: 'argocd' },
    spec: {
      generators,
      template: {
        metadata: { name: '{{name}}-app' },
        spec: {
          project: 'default',
          source: { repoURL: 'https://github.com/org/repo.git', targetRevision: 'main', path: 'apps/{{name}}' },
          destination: { server: '{{server}}', namespace: 'apps' },
        },
      },
      ...spec,
    },
  };
}

export function buildContext(clusters: ClusterInfo[], overrides: Partial<ExpansionContext> = {}): ExpansionContext {
  return { clusters, ...overrides };
}
