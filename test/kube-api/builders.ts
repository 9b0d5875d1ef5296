/** Small builders for test objects: defaults plus overrides. */
type Obj = Record<string, unknown>;

export function configMap(name: string, namespace = 'default', extra: Obj = {}): Obj {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, ...((extra.metadata as Obj) ?? {}) }, data: { key: 'value' }, ...withoutMetadata(extra) };
}

export function deployment(name: string, namespace = 'default', options: { image?: string; replicas?: number; labels?: Record<string, string> } = {}): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: options.labels ?? { app: name } },
    spec: {
      replicas: options.replicas ?? 2,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image: options.image ?? 'registry.local/app:1.0.0', ports: [{ containerPort: 8080 }] }] },
      },
    },
  };
}

export function rolloutCrd(): Obj {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'rollouts.argoproj.io' },
    spec: {
      group: 'argoproj.io',
      scope: 'Namespaced',
      names: { plural: 'rollouts', singular: 'rollout', kind: 'Rollout', listKind: 'RolloutList', shortNames: ['ro'] },
      versions: [{ name: 'v1alpha1', served: true, storage: true, subresources: { status: {} }, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
    },
  };
}

/** An Argo Rollouts canary: 5 replicas, 20 % → 10 s pause → 60 % → 10 s pause → 100 % unless `steps` say otherwise. */
export function rollout(name: string, namespace = 'default', options: { image?: string; replicas?: number; steps?: Obj[]; canary?: Obj } = {}): Obj {
  const steps = options.steps ?? [{ setWeight: 20 }, { pause: { duration: '10s' } }, { setWeight: 60 }, { pause: { duration: 10 } }];
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name, namespace },
    spec: {
      replicas: options.replicas ?? 5,
      selector: { matchLabels: { app: name } },
      strategy: { canary: { steps, ...options.canary } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image: options.image ?? 'registry.local/app:1.0.0', ports: [{ containerPort: 8080 }] }] },
      },
    },
  };
}

export function namespace(name: string): Obj {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

function withoutMetadata(extra: Obj): Obj {
  const { metadata: _metadata, ...rest } = extra;
  return rest;
}
