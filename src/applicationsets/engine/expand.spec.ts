import { describe, expect, it } from 'vitest';
import { expand } from './expand';
import { buildAppSet, buildCluster, buildContext, buildProject } from './testing/builders';
import type { Application, ExpansionResult } from './types';

const clusters = [buildCluster('alpha', { labels: { env: 'dev' } }), buildCluster('beta', { labels: { env: 'prod' } })];
const ALPHA = clusters[0].server;

function applications(result: ExpansionResult): Application[] {
  if (!result.ok) throw new Error(`expansion failed: ${result.code} ${result.message}`);
  return result.applications;
}

describe('expand: Application shape', () => {
  it('builds one Application per parameter set, as Argo CD sets it by default', async () => {
    const [app] = applications(await expand(buildAppSet([{ list: { elements: [{ name: 'alpha', server: clusters[0].server }] } }]), buildContext(clusters)));
    expect(app).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'alpha-app', namespace: 'argocd', finalizers: ['resources-finalizer.argocd.argoproj.io'] },
      spec: {
        project: 'default',
        source: { repoURL: 'https://github.com/org/repo.git', targetRevision: 'main', path: 'apps/alpha' },
        destination: { server: ALPHA, namespace: 'apps' },
      },
    });
  });

  const finalizers: { name: string; preserve?: boolean; templateFinalizers?: string[]; want: string[] | undefined }[] = [
    { name: 'default adds the resources finalizer', want: ['resources-finalizer.argocd.argoproj.io'] },
    { name: 'preserveResourcesOnDeletion adds none', preserve: true, want: undefined },
    { name: 'template finalizers are kept', templateFinalizers: ['custom/finalizer'], want: ['custom/finalizer'] },
  ];
  it.each(finalizers)('finalizers: $name', async ({ preserve, templateFinalizers, want }) => {
    const appSet = buildAppSet([{ clusters: {} }], preserve ? { syncPolicy: { preserveResourcesOnDeletion: true } } : {});
    if (templateFinalizers) (appSet.spec.template.metadata as Record<string, unknown>).finalizers = templateFinalizers;
    const [app] = applications(await expand(appSet, buildContext(clusters)));
    expect(app.metadata.finalizers).toEqual(want);
  });

  it('lays a generator template over the set template', async () => {
    const appSet = buildAppSet([
      { list: { elements: [{ name: 'alpha', server: clusters[0].server }], template: { metadata: {}, spec: { source: { path: 'override/{{name}}' }, destination: {} } } } },
      { list: { elements: [{ name: 'beta', server: clusters[1].server }] } },
    ]);
    const apps = applications(await expand(appSet, buildContext(clusters)));
    expect(apps.map((a) => a.spec.source)).toEqual([
      { repoURL: 'https://github.com/org/repo.git', targetRevision: 'main', path: 'override/alpha' },
      { repoURL: 'https://github.com/org/repo.git', targetRevision: 'main', path: 'apps/beta' },
    ]);
    expect(apps[0].spec.destination).toEqual({ server: ALPHA, namespace: 'apps' });
  });

  it('reports conditions', async () => {
    const result = await expand(buildAppSet([{ clusters: {} }]), buildContext(clusters));
    expect(result.ok && result.conditions).toEqual([
      { type: 'ParametersGenerated', status: 'True', reason: 'ParametersGenerated', message: 'Successfully generated parameters for 2 applications' },
      { type: 'ErrorOccurred', status: 'False', reason: 'ApplicationSetUpToDate', message: 'All applications have been generated successfully' },
    ]);
  });

  it('a selector matching nothing is an authoritative empty result, not an error', async () => {
    const result = await expand(buildAppSet([{ clusters: { selector: { matchLabels: { env: 'none' } } } }]), buildContext(clusters));
    expect(result).toMatchObject({ ok: true, applications: [], rejected: [] });
  });
});

describe('expand: templatePatch', () => {
  const rows: { name: string; patch: string; check: (app: Application) => unknown; want: unknown }[] = [
    { name: 'adds a field', patch: 'spec:\n  syncPolicy:\n    automated:\n      prune: true\n', check: (a) => a.spec.syncPolicy, want: { automated: { prune: true } } },
    { name: 'renders parameters', patch: 'metadata:\n  labels:\n    cluster: "{{name}}"\n', check: (a) => a.metadata.labels, want: { cluster: 'alpha' } },
    { name: 'merges maps', patch: 'spec:\n  source:\n    targetRevision: v2\n', check: (a) => a.spec.source, want: { repoURL: 'https://github.com/org/repo.git', targetRevision: 'v2', path: 'apps/alpha' } },
    { name: 'null removes', patch: 'spec:\n  source:\n    targetRevision: null\n', check: (a) => a.spec.source?.targetRevision, want: undefined },
    { name: 'JSON works', patch: '{"metadata": {"annotations": {"a": "{{server}}"}}}', check: (a) => a.metadata.annotations, want: { a: ALPHA } },
    { name: 'empty patch is a no-op', patch: '  ', check: (a) => a.metadata.name, want: 'alpha-app' },
  ];
  it.each(rows)('$name', async ({ patch, check, want }) => {
    const [app] = applications(await expand(buildAppSet([{ clusters: { selector: { matchLabels: { env: 'dev' } } } }], { templatePatch: patch }), buildContext(clusters)));
    expect(check(app)).toEqual(want);
  });

  const errors: { name: string; patch: string; message: RegExp }[] = [
    { name: 'invalid YAML', patch: 'spec: [', message: /not valid YAML or JSON/ },
    { name: 'JSON patch list', patch: '[{"op": "add", "path": "/spec/x", "value": 1}]', message: /JSON patch .* not supported/ },
    { name: 'scalar', patch: 'just text', message: /must render to a map/ },
    { name: 'project change', patch: 'spec:\n  project: other\n', message: /cannot set spec\.project/ },
    { name: 'other root field', patch: 'status: {}\n', message: /only change metadata and spec/ },
    { name: 'broken template', patch: 'spec: {{name}} {{x', message: /spec\.templatePatch: invalid template/ },
  ];
  it.each(errors)('fails the whole set on $name', async ({ patch, message }) => {
    const result = await expand(buildAppSet([{ clusters: {} }], { templatePatch: patch }), buildContext(clusters));
    expect(result).toMatchObject({ ok: false, code: 'TemplatePatchError' });
    if (!result.ok) expect(result.message).toMatch(message);
  });
});

describe('expand: whole-set failures', () => {
  const rows: { name: string; generators: Record<string, unknown>[]; template?: Record<string, unknown>; code: string; message: RegExp }[] = [
    { name: 'generator failure', generators: [{ list: { elements: [{ a: 1 }] } }], code: 'GeneratorFailed', message: /spec\.generators\[0\]\.list\.elements\[0\]\.a/ },
    { name: 'failure in a later generator aborts everything', generators: [{ clusters: {} }, { clusters: { selector: { matchExpressions: [{ key: 'a', operator: 'Bad' }] } } }], code: 'GeneratorFailed', message: /spec\.generators\[1\]\.clusters\.selector/ },
    {
      name: 'broken template string',
      generators: [{ clusters: {} }],
      template: { metadata: { name: '{{name}}' }, spec: { project: 'default', source: { repoURL: 'r' }, destination: { server: '{{server' }, x: '{{a}} {{b' } },
      code: 'TemplateError',
      message: /spec\.template\.spec\.x: invalid template/,
    },
  ];
  it.each(rows)('$name', async ({ generators, template, code, message }) => {
    const appSet = buildAppSet(generators, template ? { template } : {});
    const result = await expand(appSet, buildContext(clusters));
    expect(result).toMatchObject({ ok: false, code });
    if (!result.ok) expect(result.message).toMatch(message);
  });
});

describe('expand: per-application validation', () => {
  const team = buildProject(
    {
      sourceRepos: ['https://github.com/org/*'],
      destinations: [{ server: ALPHA, namespace: 'apps' }, { name: 'beta', namespace: '!kube-system' }],
    },
    'team',
  );
  const context = buildContext(clusters, { projects: new Map([['team', team]]), inCluster: { enabled: true } });
  const rows: { name: string; element: Record<string, string>; rejected?: RegExp }[] = [
    { name: 'permitted', element: { app: 'ok', project: 'team', server: ALPHA, ns: 'apps' } },
    { name: 'destination by cluster name', element: { app: 'ok', project: 'team', dname: 'beta', ns: 'web' } },
    { name: 'empty project means default', element: { app: 'ok', project: '', server: ALPHA, ns: 'x' } },
    { name: 'in-cluster by server', element: { app: 'ok', project: 'default', server: 'https://kubernetes.default.svc', ns: 'x' } },
    { name: 'in-cluster by name', element: { app: 'ok', project: 'default', dname: 'in-cluster', ns: 'x' } },
    { name: 'invalid name', element: { app: 'Not_Valid', project: 'team', server: ALPHA, ns: 'apps' }, rejected: /metadata\.name "Not_Valid" must consist of lower case/ },
    { name: 'empty name', element: { app: '', project: 'team', server: ALPHA, ns: 'apps' }, rejected: /must not be empty/ },
    { name: 'unknown project', element: { app: 'ok', project: 'ghost', server: ALPHA, ns: 'apps' }, rejected: /project "ghost" does not exist/ },
    { name: 'repository not permitted', element: { app: 'ok', project: 'team', repo: 'https://gitlab.com/x/y', server: ALPHA, ns: 'apps' }, rejected: /does not permit source repository "https:\/\/gitlab\.com\/x\/y"/ },
    { name: 'namespace not permitted', element: { app: 'ok', project: 'team', server: ALPHA, ns: 'other' }, rejected: new RegExp(`does not permit destination server "${ALPHA.replaceAll('.', '\\.')}" \\(cluster "alpha"\\), namespace "other"`) },
    { name: 'denied namespace', element: { app: 'ok', project: 'team', dname: 'beta', ns: 'kube-system' }, rejected: /does not permit destination/ },
    { name: 'templated project is checked after rendering', element: { app: 'ok', project: 'team', server: 'https://kubernetes.default.svc', ns: 'apps' }, rejected: /does not permit destination server "https:\/\/kubernetes\.default\.svc"/ },
    { name: 'unknown server', element: { app: 'ok', project: 'default', server: 'https://nowhere', ns: 'x' }, rejected: /no registered cluster has server "https:\/\/nowhere"/ },
    { name: 'unknown cluster name', element: { app: 'ok', project: 'default', dname: 'gamma', ns: 'x' }, rejected: /no registered cluster has name "gamma"/ },
    { name: 'both server and name', element: { app: 'ok', project: 'default', server: ALPHA, dname: 'alpha', ns: 'x' }, rejected: /both server and name/ },
    { name: 'neither server nor name', element: { app: 'ok', project: 'default', ns: 'x' }, rejected: /needs a server or a name/ },
    { name: 'invalid namespace', element: { app: 'ok', project: 'default', server: ALPHA, ns: 'Apps_1' }, rejected: /spec\.destination\.namespace "Apps_1" must consist/ },
    { name: 'invalid rendered label value', element: { app: 'ok', project: 'default', server: ALPHA, ns: 'x', label: 'not ok!' }, rejected: /metadata\.labels: value "not ok!"/ },
  ];
  it.each(rows)('$name', async ({ element, rejected }) => {
    const appSet = buildAppSet([{ list: { elements: [{ repo: 'https://github.com/org/repo', server: '', dname: '', label: 'fine', ...element }] } }], {
      template: {
        metadata: { name: '{{app}}', labels: { tier: '{{label}}' } },
        spec: { project: '{{project}}', source: { repoURL: '{{repo}}' }, destination: { server: '{{server}}', name: '{{dname}}', namespace: '{{ns}}' } },
      },
    });
    const result = await expand(appSet, context);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    if (rejected === undefined) {
      expect(result.rejected).toEqual([]);
      expect(result.applications).toHaveLength(1);
    } else {
      expect(result.applications).toEqual([]);
      expect(result.rejected).toHaveLength(1);
      expect(result.rejected[0].reason).toMatch(rejected);
      expect(result.conditions[1]).toMatchObject({ type: 'ErrorOccurred', status: 'True', reason: 'ApplicationValidationError' });
    }
  });

  it('rejects every duplicate and keeps the others', async () => {
    const appSet = buildAppSet([
      { list: { elements: [{ name: 'alpha', server: clusters[0].server }, { name: 'beta', server: clusters[1].server }] } },
      { list: { elements: [{ name: 'alpha', server: clusters[1].server }] } },
    ]);
    const result = await expand(appSet, buildContext(clusters));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.applications.map((a) => a.metadata.name)).toEqual(['beta-app']);
    expect(result.rejected).toEqual([
      { name: 'alpha-app', reason: 'duplicate application name "alpha-app": 2 parameter sets generate it, so none of them is applied' },
      { name: 'alpha-app', reason: 'duplicate application name "alpha-app": 2 parameter sets generate it, so none of them is applied' },
    ]);
  });

  it('rejects an ambiguous server URL', async () => {
    const twins = [buildCluster('a', { server: 'https://same' }), buildCluster('b', { server: 'https://same' })];
    const appSet = buildAppSet([{ list: { elements: [{ name: 'x', server: 'https://same' }] } }]);
    const result = await expand(appSet, buildContext(twins));
    expect(result.ok && result.rejected[0].reason).toMatch(/2 registered clusters have server "https:\/\/same"/);
  });

  it('checks every entry of spec.sources', async () => {
    const appSet = buildAppSet([{ clusters: { selector: { matchLabels: { env: 'dev' } } } }], {
      template: {
        metadata: { name: '{{name}}' },
        spec: { project: 'team', sources: [{ repoURL: 'https://github.com/org/a', path: 'apps' }, { repoURL: 'https://127.0.0.1:9/evil/b', ref: 'values' }], destination: { server: '{{server}}', namespace: 'apps' } },
      },
    });
    const result = await expand(appSet, context);
    expect(result.ok && result.rejected[0].reason).toMatch(/does not permit source repository "https:\/\/127\.0\.0\.1:9\/evil\/b"/);
  });
});
