import { describe, expect, it } from 'vitest';
import { expand } from './expand';
import { buildAppSet, buildCluster, buildContext } from './testing/builders';
import type { ApplicationSet, ExpansionResult } from './types';

// Templates with `spec.sources` (Argo CD multiple sources): every string of every source is rendered in both template
// modes, `$ref/` value files pass through untouched, and the generated applications meet the multi-source rules.
const clusters = [buildCluster('eu-1', { labels: { env: 'staging' } }), buildCluster('us-1', { labels: { env: 'production' } })];

function sourcesSet(goTemplate: boolean, valuesRef: string): ApplicationSet {
  const env = goTemplate ? '{{ index .metadata.labels "env" }}' : '{{metadata.labels.env}}';
  const name = goTemplate ? '{{ .name }}' : '{{name}}';
  return buildAppSet([{ clusters: {} }], {
    goTemplate,
    template: {
      metadata: { name: `${name}-web` },
      spec: {
        project: 'default',
        sources: [
          { repoURL: 'https://127.0.0.1:9/charts.git', path: 'web', targetRevision: 'main', helm: { releaseName: `web-${name}`, valueFiles: [`$${valuesRef}/${env}/values.yaml`] } },
          { repoURL: 'https://127.0.0.1:9/env.git', targetRevision: env, ref: 'values' },
        ],
        destination: { server: goTemplate ? '{{ .server }}' : '{{server}}', namespace: 'web' },
      },
    },
  });
}

const outcome = (result: ExpansionResult) => {
  if (!result.ok) throw new Error(`expansion failed: ${result.code} ${result.message}`);
  return result;
};

describe('expand: templates with spec.sources', () => {
  it.each([
    { mode: 'fasttemplate', goTemplate: false },
    { mode: 'Go template', goTemplate: true },
  ])('renders every source in $mode mode', async ({ goTemplate }) => {
    const { applications, rejected } = outcome(await expand(sourcesSet(goTemplate, 'values'), buildContext(clusters)));
    expect(rejected).toEqual([]);
    expect(applications.map((app) => app.spec.sources)).toEqual([
      [
        { repoURL: 'https://127.0.0.1:9/charts.git', path: 'web', targetRevision: 'main', helm: { releaseName: 'web-eu-1', valueFiles: ['$values/staging/values.yaml'] } },
        { repoURL: 'https://127.0.0.1:9/env.git', targetRevision: 'staging', ref: 'values' },
      ],
      [
        { repoURL: 'https://127.0.0.1:9/charts.git', path: 'web', targetRevision: 'main', helm: { releaseName: 'web-us-1', valueFiles: ['$values/production/values.yaml'] } },
        { repoURL: 'https://127.0.0.1:9/env.git', targetRevision: 'production', ref: 'values' },
      ],
    ]);
  });

  it('rejects each generated application whose value file names a ref no source has', async () => {
    const { applications, rejected } = outcome(await expand(sourcesSet(true, 'config'), buildContext(clusters)));
    expect(applications).toEqual([]);
    expect(rejected.map((r) => r.name)).toEqual(['eu-1-web', 'us-1-web']);
    expect(rejected[0].reason).toMatch(/^spec\.sources\[0\]\.helm\.valueFiles\[0\] references "\$config", which is not one of the refs of this application \(\$values\)$/);
  });
});
