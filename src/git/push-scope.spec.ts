import { describe, expect, it } from 'vitest';
import { applicationsConcerned, refreshPaths, revisionMoved, touchesPaths } from './push-scope';

describe('revisionMoved: the revisions a push moves (Argo CD webhook)', () => {
  it.each([
    { target: 'main', push: { revision: 'main' }, moved: true },
    { target: 'refs/heads/main', push: { revision: 'main' }, moved: true },
    { target: 'release', push: { revision: 'main' }, moved: false },
    { target: 'HEAD', push: { revision: 'main', touchedHead: true }, moved: true },
    { target: '', push: { revision: 'feature/x', touchedHead: false }, moved: false },
    { target: undefined, push: { revision: 'main' }, moved: true },
    { target: 'v1.2', push: { revision: 'v1.2' }, moved: true },
    { target: 'release', push: {}, moved: true },
    { target: 'feature/x', push: { revision: 'x' }, moved: false },
    { target: 'feature/x', push: { revision: 'feature/x' }, moved: true },
    { target: 'refs/tags/v1.2', push: { revision: 'v1.2' }, moved: true },
  ])('$target after a push of $push.revision: $moved', ({ target, push, moved }) => {
    expect(revisionMoved(target, push)).toBe(moved);
  });
});

describe('refreshPaths: the manifest-generate-paths annotation', () => {
  it('reads relative paths from each source path and absolute ones from the root', () => {
    expect(refreshPaths('.;../../base;/shared/values.yaml;', ['apps/web/overlays/prod', 'apps/web/overlays/eu'])).toEqual([
      'apps/web/overlays/prod',
      'apps/web/overlays/eu',
      'apps/web/base',
      'apps/web/base',
      'shared/values.yaml',
    ]);
  });

  it('is empty without the annotation', () => {
    expect(refreshPaths(undefined, ['apps/web'])).toEqual([]);
    expect(refreshPaths('', ['apps/web'])).toEqual([]);
  });
});

describe('touchesPaths', () => {
  it.each([
    { paths: ['apps/web'], files: ['apps/web/deploy.yaml'], touched: true },
    { paths: ['apps/web'], files: ['apps/web'], touched: true },
    { paths: ['apps/web'], files: ['apps/webhooks/deploy.yaml'], touched: false },
    { paths: ['apps/*/values.yaml'], files: ['apps/web/values.yaml'], touched: true },
    { paths: ['apps/*/values.yaml'], files: ['apps/web/sub/values.yaml'], touched: false },
    { paths: [''], files: ['anything.yaml'], touched: true },
    { paths: ['apps/web'], files: ['/apps/web/x.yaml'], touched: true },
    { paths: [], files: ['README.md'], touched: true },
    { paths: ['apps/web'], files: undefined, touched: true },
    { paths: ['apps/web'], files: [], touched: true },
    { paths: ['apps/[a-c]*/values.yaml'], files: ['apps/api/values.yaml'], touched: true },
    { paths: ['apps/[^a-c]*/values.yaml'], files: ['apps/api/values.yaml'], touched: false },
    { paths: ['apps/we?/x.yaml'], files: ['apps/web/x.yaml'], touched: true },
    { paths: ['apps/**/x.yaml'], files: ['apps/web/sub/x.yaml'], touched: false },
    { paths: ['apps/[web'], files: ['apps/web'], touched: false },
    { paths: [`${'*a'.repeat(40)}b`], files: ['a'.repeat(5000)], touched: false },
  ])('$files under $paths: $touched', ({ paths, files, touched }) => {
    expect(touchesPaths(paths, files)).toBe(touched);
  });
});

describe('applicationsConcerned', () => {
  const repo = 'https://git.local/fleet';
  const readsRepository = (url: string) => url === repo;
  const reader = (name: string, path: string, extra: { targetRevision?: string; annotations?: Record<string, string>; repoURL?: string } = {}) => ({
    name,
    sources: [{ repoURL: extra.repoURL ?? repo, targetRevision: extra.targetRevision ?? 'main', path }],
    annotations: extra.annotations,
  });
  const readers = [
    reader('dev', 'apps/web/overlays/dev'),
    reader('other-repo', 'apps/web/overlays/staging', { repoURL: 'https://git.local/other' }),
    reader('release', 'apps/web/overlays/staging', { targetRevision: 'release' }),
    reader('staging', 'apps/web/overlays/staging'),
    reader('prod', 'apps/web/overlays/prod', { annotations: { 'argocd.argoproj.io/manifest-generate-paths': '.' } }),
  ];

  it('puts the applications whose directory changed first and leaves out those the push does not concern', () => {
    expect(applicationsConcerned(readers, readsRepository, { revision: 'main', changedFiles: ['apps/web/overlays/staging/replicas.yaml'] })).toEqual({ first: ['staging'], then: ['dev'] });
  });

  it('keeps the order, and every reader at the revision, in one turn when the payload does not list the changes', () => {
    expect(applicationsConcerned(readers, readsRepository, { revision: 'main' })).toEqual({ first: [], then: ['dev', 'staging', 'prod'] });
  });
});
