import { normalizeClusterName } from '../../../domain/cluster-name';
import type { ApplicationSet, ClusterInfo, ExpansionContext, GeneratorEntry } from '../types';

export { buildProject } from '../../../projects/rules/testing/builders';

/** Test data builders with defaults; each test overrides only what it is about. */

/**
 * A loopback API server URL unique to the cluster name (a port derived from it): test data never names a host
 * the hub's background checks could really try to reach.
 */
export function loopbackServer(name: string): string {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return `https://127.0.0.1:${10_000 + (hash % 50_000)}`;
}

export function buildCluster(name: string, overrides: Partial<ClusterInfo> = {}): ClusterInfo {
  return {
    name,
    nameNormalized: normalizeClusterName(name),
    server: loopbackServer(name),
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
