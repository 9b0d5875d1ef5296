import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseAppProjectManifest, type AppProject } from '../../projects/rules';
import { expand } from './expand';
import { buildCluster } from './testing/builders';
import type { ExpansionContext } from './types';

// The shared fixtures sit beside the checkout (…/shared/fixtures); walk up so the spec works from any depth.
function fixtureRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'shared', 'fixtures', 'seed-fleet-repo');
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`shared/fixtures/seed-fleet-repo not found above ${__dirname}`);
  }
}

function readYaml(relative: string): unknown {
  return parse(readFileSync(path.join(fixtureRoot(), relative), 'utf8'));
}

function platformProject(): AppProject {
  const parsed = parseAppProjectManifest(readYaml('projects/platform.yaml'));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.project;
}

const context: ExpansionContext = {
  clusters: [
    buildCluster('staging', { server: 'https://staging-api.example.com', labels: { env: 'staging' } }),
    buildCluster('production', { server: 'https://production-api.example.com', labels: { env: 'production' } }),
    buildCluster('dev', { server: 'https://dev-api.example.com', labels: { env: 'dev' } }),
  ],
  inCluster: { enabled: true },
  projects: new Map([['platform', platformProject()]]),
};

const repoURL = 'https://github.com/mycompany/k8s-deployments.git';

describe('seed fleet repository ApplicationSets', () => {
  const rows: { name: string; file: string; want: { name: string; server: string; namespace: string; path: string; labels?: Record<string, string> }[] }[] = [
    {
      name: 'list generator',
      file: 'applicationsets/my-api-list.yaml',
      want: [
        { name: 'my-api-production', server: 'https://kubernetes.default.svc', namespace: 'production', path: 'apps/my-api/overlays/production' },
        { name: 'my-api-staging', server: 'https://staging-api.example.com', namespace: 'staging', path: 'apps/my-api/overlays/staging' },
      ],
    },
    {
      name: 'cluster generator',
      file: 'applicationsets/my-api-clusters.yaml',
      want: [
        { name: 'my-api-staging', server: 'https://staging-api.example.com', namespace: 'staging', path: 'apps/my-api/overlays/staging', labels: { env: 'staging' } },
        { name: 'my-api-production', server: 'https://production-api.example.com', namespace: 'production', path: 'apps/my-api/overlays/production', labels: { env: 'production' } },
      ],
    },
    {
      name: 'rolling sync set',
      file: 'applicationsets/my-api-rolling.yaml',
      want: [
        { name: 'my-api-staging', server: 'https://staging-api.example.com', namespace: 'staging', path: 'apps/my-api/overlays/staging', labels: { env: 'staging' } },
        { name: 'my-api-production', server: 'https://production-api.example.com', namespace: 'production', path: 'apps/my-api/overlays/production', labels: { env: 'production' } },
      ],
    },
  ];
  it.each(rows)('$name expands', ({ file, want }) => {
    const result = expand(readYaml(file), context);
    expect(result.ok, JSON.stringify(result)).toBe(true);
    if (!result.ok) return;
    expect(result.rejected).toEqual([]);
    expect(
      result.applications.map((app) => ({
        name: app.metadata.name,
        server: app.spec.destination.server,
        namespace: app.spec.destination.namespace,
        path: app.spec.source?.path,
        ...(app.metadata.labels ? { labels: app.metadata.labels } : {}),
      })),
    ).toEqual(want);
    for (const app of result.applications) {
      expect(app.metadata.namespace).toBe('argocd');
      expect(app.spec.project).toBe('platform');
      expect(app.spec.source).toMatchObject({ repoURL, targetRevision: 'main' });
      expect(app.spec.syncPolicy?.syncOptions).toContain('CreateNamespace=true');
    }
  });

  it('keeps the list set sync policy verbatim', () => {
    const result = expand(readYaml('applicationsets/my-api-list.yaml'), context);
    expect(result.ok && result.applications[0].spec.syncPolicy).toEqual({
      automated: { prune: true, selfHeal: true },
      syncOptions: ['CreateNamespace=true', 'PruneLast=true'],
      retry: { limit: 3, backoff: { duration: '5s', factor: 2, maxDuration: '3m' } },
    });
  });

  it('rejects the in-cluster application when the hub has no in-cluster destination', () => {
    const result = expand(readYaml('applicationsets/my-api-list.yaml'), { ...context, inCluster: { enabled: false } });
    expect(result.ok && result.rejected).toEqual([
      { name: 'my-api-production', reason: 'no registered cluster has server "https://kubernetes.default.svc"' },
    ]);
  });
});
