import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { isDestinationPermitted, isSourceRepoPermitted, parseAppProjectManifest, type AppProject } from '../../src/projects/rules';
import { expand } from '../../src/applicationsets/engine/expand';
import { buildCluster } from '../../src/applicationsets/engine/testing/builders';
import type { ExpansionContext } from '../../src/applicationsets/engine/types';
import { EXAMPLE_FLEET_REPO, EXAMPLE_REPO_URL, EXAMPLE_STAGING_SERVER } from '../support/example-fleet';

function readYaml(relative: string): unknown {
  return parse(readFileSync(path.join(EXAMPLE_FLEET_REPO, relative), 'utf8'));
}

function platformProject(): AppProject {
  const parsed = parseAppProjectManifest(readYaml('projects/platform.yaml'));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.project;
}

const PRODUCTION_SERVER = 'https://127.0.0.1:6444';

const context: ExpansionContext = {
  clusters: [
    buildCluster('staging', { server: EXAMPLE_STAGING_SERVER, labels: { env: 'staging' } }),
    buildCluster('production', { server: PRODUCTION_SERVER, labels: { env: 'production' } }),
    buildCluster('dev', { server: 'https://127.0.0.1:6445', labels: { env: 'dev' } }),
  ],
  inCluster: { enabled: true },
  projects: new Map([['platform', platformProject()]]),
};

const repoURL = EXAMPLE_REPO_URL;

describe('the example fleet repository (examples/fleet-repo)', () => {
  const rows: { name: string; file: string; want: { name: string; server: string; namespace: string; path: string; labels?: Record<string, string> }[] }[] = [
    {
      name: 'list generator',
      file: 'applicationsets/my-api-list.yaml',
      want: [
        { name: 'my-api-production', server: 'https://kubernetes.default.svc', namespace: 'production', path: 'apps/my-api/overlays/production' },
        { name: 'my-api-staging', server: EXAMPLE_STAGING_SERVER, namespace: 'staging', path: 'apps/my-api/overlays/staging' },
      ],
    },
    {
      name: 'cluster generator',
      file: 'applicationsets/my-api-clusters.yaml',
      want: [
        { name: 'my-api-staging', server: EXAMPLE_STAGING_SERVER, namespace: 'staging', path: 'apps/my-api/overlays/staging', labels: { env: 'staging' } },
        { name: 'my-api-production', server: PRODUCTION_SERVER, namespace: 'production', path: 'apps/my-api/overlays/production', labels: { env: 'production' } },
      ],
    },
    {
      name: 'rolling sync set',
      file: 'applicationsets/my-api-rolling.yaml',
      want: [
        { name: 'my-api-staging', server: EXAMPLE_STAGING_SERVER, namespace: 'staging', path: 'apps/my-api/overlays/staging', labels: { env: 'staging' } },
        { name: 'my-api-production', server: PRODUCTION_SERVER, namespace: 'production', path: 'apps/my-api/overlays/production', labels: { env: 'production' } },
      ],
    },
  ];
  it.each(rows)('$name expands', async ({ file, want }) => {
    const result = await expand(readYaml(file), context);
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

  it('keeps the list set sync policy verbatim', async () => {
    const result = await expand(readYaml('applicationsets/my-api-list.yaml'), context);
    expect(result.ok && result.applications[0].spec.syncPolicy).toEqual({
      automated: { prune: true, selfHeal: true },
      syncOptions: ['CreateNamespace=true', 'PruneLast=true'],
      retry: { limit: 3, backoff: { duration: '5s', factor: 2, maxDuration: '3m' } },
    });
  });

  it('rejects the in-cluster application when the hub has no in-cluster destination', async () => {
    const result = await expand(readYaml('applicationsets/my-api-list.yaml'), { ...context, inCluster: { enabled: false } });
    expect(result.ok && result.rejected).toEqual([
      { name: 'my-api-production', reason: 'no registered cluster has server "https://kubernetes.default.svc"' },
    ]);
  });
});

describe('the example fleet repository project', () => {
  it('parses and applies its rules', async () => {
    const project = platformProject();
    expect(isSourceRepoPermitted(project, EXAMPLE_REPO_URL)).toBe(true);
    expect(isSourceRepoPermitted(project, 'https://github.com/mycompany/other.git')).toBe(false);
    expect(isDestinationPermitted(project, { server: 'https://127.0.0.1:6443', namespace: 'staging' })).toBe(true);
  });
});
