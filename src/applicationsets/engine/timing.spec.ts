import { describe, expect, it } from 'vitest';
import { buildProject } from './testing/builders';
import { expand } from './expand';
import type { ApplicationSet, ClusterInfo } from './types';

// A timing print, not an assertion: CI machines vary too much for a hard limit. Target: ≤ 50 ms per 1,000 apps.
function fleet(size: number): ClusterInfo[] {
  return Array.from({ length: size }, (_, i) => ({
    name: `cluster-${i}`,
    nameNormalized: `cluster-${i}`,
    server: `https://127.0.0.1:${10_000 + i}`,
    labels: { env: i % 2 === 0 ? 'staging' : 'production', region: `r${i % 7}`, 'app.kubernetes.io/part-of': 'fleet' },
    annotations: { 'example.com/owner': `team-${i % 13}` },
  }));
}

const appSet: ApplicationSet = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'ApplicationSet',
  metadata: { name: 'timing', namespace: 'argocd' },
  spec: {
    generators: [{ clusters: { selector: { matchExpressions: [{ key: 'env', operator: 'In', values: ['staging', 'production'] }] }, values: { rev: '{{metadata.labels.env}}-branch' } } }],
    template: {
      metadata: { name: 'my-api-{{name}}', labels: { env: '{{metadata.labels.env}}', owner: '{{metadata.annotations.example.com/owner}}' } },
      spec: {
        project: 'platform',
        source: { repoURL: 'https://github.com/mycompany/k8s-deployments.git', targetRevision: '{{values.rev}}', path: 'apps/my-api/overlays/{{metadata.labels.env}}' },
        destination: { server: '{{server}}', namespace: '{{metadata.labels.env}}' },
        syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=true'] },
      },
    },
  },
};

const platform = buildProject({ sourceRepos: ['https://github.com/mycompany/*'], destinations: [{ server: 'https://127.0.0.1:*', namespace: '*' }] }, 'platform');
const projects = new Map([['platform', platform]]);

describe('expansion timing', () => {
  it.each([1_000, 10_000])('%i clusters', async (size) => {
    const clusters = fleet(size);
    // The first run includes JIT warm-up; a long-running hub sees the later, steady-state runs.
    const runs: { elapsed: number; count: number }[] = [];
    for (let run = 0; run < 5; run++) {
      const started = performance.now();
      const result = await expand(appSet, { clusters, projects });
      runs.push({ elapsed: performance.now() - started, count: result.ok ? result.applications.length : -1 });
    }
    const perThousand = (ms: number) => ((ms / size) * 1000).toFixed(1);
    const steady = Math.min(...runs.slice(1).map((run) => run.elapsed));
    console.log(
      `expand: ${size} clusters -> ${runs[0].count} applications: first run ${runs[0].elapsed.toFixed(1)} ms ` +
        `(${perThousand(runs[0].elapsed)} ms per 1,000), steady ${steady.toFixed(1)} ms (${perThousand(steady)} ms per 1,000)`,
    );
    expect(runs.map((run) => run.count)).toEqual(runs.map(() => size));
  });
});
