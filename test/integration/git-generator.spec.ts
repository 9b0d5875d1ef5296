import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitTreeSource } from '../../src/applicationsets/engine';
import { runEntry } from '../../src/applicationsets/engine/testing/run-entry';
import type { Params } from '../../src/applicationsets/engine/types';
import { createGitRepo, type GitTestRepo } from '../support/git-repo';
import { createTestGitSources, type TestGitSources } from '../support/git-tree-source';
import { startGitHttpsServer } from '../support/git-https-server';
import { MirrorTreeSource } from '../../src/git';

// The engine's Git generator over one real repository on disk, read through real bare mirrors as the hub reads it.
const FILES: Record<string, string> = {
  'apps/web/overlays/staging/kustomization.yaml': 'resources: []\n',
  'apps/web/overlays/production/kustomization.yaml': 'resources: []\n',
  'apps/api/overlays/staging/kustomization.yaml': 'resources: []\n',
  'apps/api_v2/base/kustomization.yaml': 'resources: []\n',
  'apps/.hidden/kustomization.yaml': 'resources: []\n',
  '.github/workflows/ci.yaml': 'on: push\n',
  'cluster-config/dev/config.json': JSON.stringify({
    cluster: { name: 'dev', address: 'https://127.0.0.1:6443' },
    replicas: 3,
    big: 1000000,
    ratio: 0.5,
    tags: ['a', 'b'],
    empty: {},
    nothing: null,
    enabled: true,
    path: 'overridden by the generator',
  }),
  'cluster-config/prod/config.yaml': 'cluster:\n  name: prod\n  address: https://127.0.0.1:6444\nreplicas: 5\n',
  'cluster-config/prod/charts/sub/config.json': '{"cluster": {"name": "nested"}}',
  'lists/clusters.yaml': '- name: a\n- name: b\n  region: eu\n- null\n',
  'empty/config.yaml': '',
  'bad/config.json': '{"cluster": ',
  'scalar/config.yaml': 'just a string\n',
  'scalars/config.yaml': '- a\n- b\n',
  'Weird_Dir/My_Config.json': '{}',
  'multi/config.yaml': 'name: first\n---\nname: second\n',
  'merge/config.yaml': 'defaults: &defaults\n  region: eu\nsite:\n  <<: *defaults\n  name: x\n',
};

describe('git generator', () => {
  let repo: GitTestRepo;
  let sources: TestGitSources;
  let first: string;
  let source: GitTreeSource;

  beforeAll(() => {
    repo = createGitRepo();
    first = repo.commitFiles({ 'apps/old/kustomization.yaml': 'resources: []\n' }, 'first');
    repo.git('tag', 'v1');
    repo.commit('second', (dir) => repo.git('-C', dir, 'rm', '--quiet', '-r', 'apps/old'));
    repo.commitFiles(FILES, 'third');
    repo.git('branch', 'release', first);
    sources = createTestGitSources();
    source = sources.open();
  });

  afterAll(() => {
    repo.remove();
    sources.remove();
  });

  const run = (git: Record<string, unknown>, options: { goTemplate?: boolean; git?: GitTreeSource } = {}) =>
    runEntry({ git: { repoURL: repo.url, revision: 'main', ...git } }, [], undefined, { goTemplate: options.goTemplate ?? false, git: options.git ?? source });

  const paths = (params: Params[], key = 'path') => params.map((p) => p[key]);

  describe('directories', () => {
    const rows: { name: string; git: Record<string, unknown>; want: unknown[] }[] = [
      { name: 'one level, in walk order', git: { directories: [{ path: 'apps/*' }] }, want: ['apps/api', 'apps/api_v2', 'apps/web'] },
      { name: '* never crosses /', git: { directories: [{ path: 'apps/*/overlays/*' }] }, want: ['apps/api/overlays/staging', 'apps/web/overlays/production', 'apps/web/overlays/staging'] },
      {
        name: 'exclude wins over include, whatever the order',
        git: { directories: [{ path: 'apps/*/overlays/production', exclude: true }, { path: 'apps/*/overlays/*' }] },
        want: ['apps/api/overlays/staging', 'apps/web/overlays/staging'],
      },
      { name: 'exclude with a class', git: { directories: [{ path: 'apps/*' }, { path: 'apps/api[_]*', exclude: true }] }, want: ['apps/api', 'apps/web'] },
      { name: 'root of the repository, hidden directories never listed', git: { directories: [{ path: '*' }] }, want: ['Weird_Dir', 'apps', 'bad', 'cluster-config', 'empty', 'lists', 'merge', 'multi', 'scalar', 'scalars'] },
      { name: 'hidden directories cannot be asked for', git: { directories: [{ path: '.github/*' }, { path: 'apps/.hidden' }] }, want: [] },
      { name: 'no match is an authoritative empty result', git: { directories: [{ path: 'nothing/*' }] }, want: [] },
      { name: 'a leading slash matches nothing (as in Argo CD)', git: { directories: [{ path: '/apps/*' }] }, want: [] },
      { name: 'a malformed pattern matches nothing', git: { directories: [{ path: 'apps/[' }, { path: 'apps/web' }] }, want: ['apps/web'] },
      { name: 'directories win over files', git: { directories: [{ path: 'lists' }], files: [{ path: '**/*.json' }] }, want: ['lists'] },
    ];
    it.each(rows)('$name', async ({ git, want }) => {
      const result = await run(git);
      expect(result.ok, JSON.stringify(result)).toBe(true);
      if (result.ok) expect(paths(result.params)).toEqual(want);
    });

    it('publishes flat path parameters in fasttemplate mode', async () => {
      const result = await run({ directories: [{ path: 'apps/api_v2' }] });
      expect(result).toEqual({
        ok: true,
        params: [{ path: 'apps/api_v2', 'path.basename': 'api_v2', 'path.basenameNormalized': 'api-v2', 'path[0]': 'apps', 'path[1]': 'api_v2' }],
      });
    });

    it('puts pathParamPrefix in front of every path parameter', async () => {
      const result = await run({ directories: [{ path: 'apps/web' }], pathParamPrefix: 'src' });
      expect(result).toEqual({
        ok: true,
        params: [{ 'src.path': 'apps/web', 'src.path.basename': 'web', 'src.path.basenameNormalized': 'web', 'src.path[0]': 'apps', 'src.path[1]': 'web' }],
      });
    });

    it.each([
      { name: 'no prefix', prefix: undefined, want: { path: { path: 'Weird_Dir', basename: 'Weird_Dir', basenameNormalized: 'weird-dir', segments: ['Weird_Dir'] } } },
      { name: 'a prefix', prefix: 'src', want: { src: { path: { path: 'Weird_Dir', basename: 'Weird_Dir', basenameNormalized: 'weird-dir', segments: ['Weird_Dir'] } } } },
    ])('publishes path as a map in Go template mode ($name)', async ({ prefix, want }) => {
      const result = await run({ directories: [{ path: 'Weird_Dir' }], pathParamPrefix: prefix }, { goTemplate: true });
      expect(result).toEqual({ ok: true, params: [want] });
    });

    it('renders values with the directory\'s own parameters', async () => {
      const result = await run({ directories: [{ path: 'apps/web' }], values: { namespace: '{{path.basename}}-ns', literal: 'x', unknown: '{{values.namespace}}' } });
      expect(result.ok && result.params[0]).toMatchObject({ 'values.namespace': 'web-ns', 'values.literal': 'x', 'values.unknown': '{{values.namespace}}' });
    });

    it('keeps values under a values map in Go template mode', async () => {
      const result = await run({ directories: [{ path: 'apps/web' }], values: { literal: 'x' } }, { goTemplate: true });
      expect(result.ok && result.params[0]).toMatchObject({ values: { literal: 'x' } });
    });
  });

  describe('files', () => {
    it('flattens a JSON file into strings printed as Go prints them, path parameters last', async () => {
      const result = await run({ files: [{ path: 'cluster-config/dev/config.json' }] });
      expect(result).toEqual({
        ok: true,
        params: [
          {
            'cluster.name': 'dev',
            'cluster.address': 'https://127.0.0.1:6443',
            replicas: '3',
            big: '1e+06',
            ratio: '0.5',
            'tags.0': 'a',
            'tags.1': 'b',
            empty: 'map[]',
            nothing: '<nil>',
            enabled: 'true',
            path: 'cluster-config/dev',
            'path.basename': 'dev',
            'path.basenameNormalized': 'dev',
            'path.filename': 'config.json',
            'path.filenameNormalized': 'config.json',
            'path[0]': 'cluster-config',
            'path[1]': 'dev',
          },
        ],
      });
    });

    it('keeps the parsed object in Go template mode, numbers as numbers, path as a map', async () => {
      const result = await run({ files: [{ path: 'cluster-config/prod/config.yaml' }], pathParamPrefix: 'cfg' }, { goTemplate: true });
      expect(result).toEqual({
        ok: true,
        params: [
          {
            cluster: { name: 'prod', address: 'https://127.0.0.1:6444' },
            replicas: 5,
            cfg: {
              path: {
                path: 'cluster-config/prod',
                basename: 'prod',
                basenameNormalized: 'prod',
                filename: 'config.yaml',
                filenameNormalized: 'config.yaml',
                segments: ['cluster-config', 'prod'],
              },
            },
          },
        ],
      });
    });

    const rows: { name: string; git: Record<string, unknown>; want: unknown[]; key?: string }[] = [
      { name: 'a greedy pattern: * crosses / as in git ls-files', git: { files: [{ path: 'cluster-config/*.json' }] }, want: ['dev', 'nested'], key: 'cluster.name' },
      { name: 'several patterns, files sorted by path, each once', git: { files: [{ path: 'cluster-config/prod/*' }, { path: 'cluster-config/**/config.*' }] }, want: ['dev', 'nested', 'prod'], key: 'cluster.name' },
      { name: 'exclude', git: { files: [{ path: 'cluster-config/**/config.*' }, { path: 'cluster-config/prod/charts/', exclude: true }] }, want: ['dev', 'prod'], key: 'cluster.name' },
      { name: 'a list file gives one set per element, null elements empty', git: { files: [{ path: 'lists/clusters.yaml' }] }, want: ['a', 'b', undefined], key: 'name' },
      { name: 'an empty file gives one set of path parameters', git: { files: [{ path: 'empty/config.yaml' }] }, want: ['empty'], key: 'path.basename' },
      { name: 'no match is an authoritative empty result', git: { files: [{ path: 'nothing/**/*.json' }] }, want: [] },
      { name: 'only the first YAML document is read', git: { files: [{ path: 'multi/config.yaml' }] }, want: ['first'], key: 'name' },
      { name: 'YAML merge keys are honoured', git: { files: [{ path: 'merge/config.yaml' }] }, want: ['eu'], key: 'site.region' },
      { name: 'files below hidden directories are read', git: { files: [{ path: '.github/workflows/ci.yaml' }] }, want: ['workflows'], key: 'path.basename' },
    ];
    it.each(rows)('$name', async ({ git, want, key }) => {
      const result = await run(git);
      expect(result.ok, JSON.stringify(result)).toBe(true);
      if (result.ok) expect(paths(result.params, key ?? 'path')).toEqual(want);
    });

    it('normalizes the file name and directory name', async () => {
      const result = await run({ files: [{ path: 'Weird_Dir/My_Config.json' }] });
      expect(result.ok && result.params[0]).toMatchObject({ 'path.basenameNormalized': 'weird-dir', 'path.filenameNormalized': 'my-config.json' });
    });

    it('renders values with the file\'s parameters', async () => {
      const result = await run({ files: [{ path: 'lists/clusters.yaml' }], values: { where: '{{name}}-{{region}}' } });
      expect(result.ok && result.params.map((p) => p['values.where'])).toEqual(['a-{{region}}', 'b-eu', '{{name}}-{{region}}']);
    });

    const failures: { name: string; git: Record<string, unknown>; reason: RegExp }[] = [
      { name: 'a file that is not JSON or YAML', git: { files: [{ path: 'bad/config.json' }] }, reason: /spec\.generators\[0\]\.git: file "bad\/config\.json" at [0-9a-f]{12}: not valid JSON or YAML/ },
      { name: 'a file holding a scalar', git: { files: [{ path: 'scalar/config.yaml' }] }, reason: /file "scalar\/config\.yaml" .*must hold an object or a list of objects/ },
      { name: 'a list of scalars', git: { files: [{ path: 'scalars/config.yaml' }] }, reason: /file "scalars\/config\.yaml" .*element 0 must be an object/ },
      { name: 'one bad file fails the whole generator', git: { files: [{ path: '**/config.json' }] }, reason: /file "bad\/config\.json"/ },
      { name: 'a pattern outside the repository', git: { files: [{ path: '../x.json' }] }, reason: /files\[0\]\.path: .*outside the repository/ },
      { name: 'neither directories nor files', git: { directories: [] }, reason: /needs a non-empty "directories" or "files" list/ },
    ];
    it.each(failures)('fails on $name', async ({ git, reason }) => {
      const result = await run(git);
      expect(result).toEqual({ ok: false, reason: expect.stringMatching(reason) });
    });
  });

  describe('revision', () => {
    const rows: { name: string; revision: string | undefined; want: string[] }[] = [
      { name: 'a branch', revision: 'main', want: ['apps/api', 'apps/api_v2', 'apps/web'] },
      { name: 'HEAD', revision: 'HEAD', want: ['apps/api', 'apps/api_v2', 'apps/web'] },
      { name: 'empty means HEAD', revision: '', want: ['apps/api', 'apps/api_v2', 'apps/web'] },
      { name: 'absent means HEAD', revision: undefined, want: ['apps/api', 'apps/api_v2', 'apps/web'] },
      { name: 'another branch', revision: 'release', want: ['apps/old'] },
      { name: 'a tag', revision: 'v1', want: ['apps/old'] },
    ];
    it.each(rows)('$name', async ({ revision, want }) => {
      const result = await run({ revision, directories: [{ path: 'apps/*' }] });
      expect(result.ok && paths(result.params)).toEqual(want);
    });

    it('a commit SHA, full or short', async () => {
      for (const revision of [first, first.slice(0, 10)]) {
        const result = await run({ revision, directories: [{ path: 'apps/*' }] });
        expect(result.ok && paths(result.params), revision).toEqual(['apps/old']);
      }
    });

    it('fails on an unknown revision', async () => {
      const result = await run({ revision: 'no-such-branch', directories: [{ path: '*' }] });
      expect(result).toEqual({ ok: false, reason: expect.stringMatching(/^spec\.generators\[0\]\.git: repository .*: revision "no-such-branch" not found/) });
    });

    it('fails on an unreachable repository', async () => {
      const result = await runEntry({ git: { repoURL: `${repo.dir}-missing`, directories: [{ path: '*' }] } }, [], undefined, { git: sources.open() });
      expect(result).toEqual({ ok: false, reason: expect.stringMatching(/^spec\.generators\[0\]\.git: repository .*-missing: git ls-remote failed/) });
    });

    it('fails when the hub gives no way to read repositories', async () => {
      const result = await runEntry({ git: { repoURL: repo.url, directories: [{ path: '*' }] } });
      expect(result).toEqual({ ok: false, reason: 'spec.generators[0].git: Git repositories cannot be read here' });
    });
  });

  describe('inside composites', () => {
    it('runs in a matrix whose first child fills in the repository, revision and path of the second', async () => {
      const entry = {
        matrix: {
          generators: [
            { list: { elements: [{ repo: repo.url, rev: 'main', dir: 'apps/web/overlays' }, { repo: repo.url, rev: 'v1', dir: 'apps' }] } },
            { git: { repoURL: '{{repo}}', revision: '{{rev}}', directories: [{ path: '{{dir}}/*' }] } },
          ],
        },
      };
      const result = await runEntry(entry, [], undefined, { git: source });
      expect(result.ok && result.params.map((p) => `${String(p.rev)}:${String(p.path)}`)).toEqual(['main:apps/web/overlays/production', 'main:apps/web/overlays/staging', 'v1:apps/old']);
    });

    it('merges two git generators told apart by pathParamPrefix', async () => {
      const entry = {
        merge: {
          mergeKeys: ['app.path.basename'],
          generators: [
            { git: { repoURL: repo.url, directories: [{ path: 'apps/*' }], pathParamPrefix: 'app' } },
            { git: { repoURL: repo.url, directories: [{ path: 'apps/web' }], pathParamPrefix: 'app', values: { special: 'yes' } } },
          ],
        },
      };
      const result = await runEntry(entry, [], undefined, { git: source });
      expect(result.ok && result.params.map((p) => [p['app.path'], p['values.special']])).toEqual([
        ['apps/api', undefined],
        ['apps/api_v2', undefined],
        ['apps/web', 'yes'],
      ]);
    });
  });

  describe('Git traffic', () => {
    it('lists refs once per repository per pass, and fetches only commits the mirror lacks', async () => {
      const pass = sources.open();
      const before = sources.mirrors.stats();
      for (const revision of ['main', 'HEAD', 'v1', 'release', 'main']) {
        const result = await run({ revision, directories: [{ path: 'apps/*' }] }, { git: pass });
        expect(result.ok).toBe(true);
      }
      const after = sources.mirrors.stats();
      expect(after.lsRemote - before.lsRemote).toBe(1);
      // Every commit was read before (the tests above): nothing to fetch.
      expect(after.fetch - before.fetch).toBe(0);
      const sha = repo.commitFiles({ 'apps/new/kustomization.yaml': 'resources: []\n' }, 'new app');
      const next = sources.open();
      const result = await run({ directories: [{ path: 'apps/*' }] }, { git: next });
      expect(result.ok && paths(result.params)).toEqual(['apps/api', 'apps/api_v2', 'apps/new', 'apps/web']);
      expect(sources.mirrors.stats().lsRemote - after.lsRemote).toBe(1);
      expect(sources.mirrors.stats().fetch - after.fetch).toBe(1);
      expect(await next.resolve(repo.url, 'main')).toBe(sha);
    });
  });

  describe('a private repository over HTTPS', () => {
    const TOKEN = 'glpat-git-generator-token-do-not-leak';
    const previousCaInfo = process.env.GIT_SSL_CAINFO;
    afterAll(() => {
      if (previousCaInfo === undefined) delete process.env.GIT_SSL_CAINFO;
      else process.env.GIT_SSL_CAINFO = previousCaInfo;
    });

    it('reads it with the registered credentials, and fails without quoting them when they are wrong', async () => {
      const server = await startGitHttpsServer({ username: 'bot', token: TOKEN });
      try {
        // The hub's git trusts the test CA through the GIT_SSL_CAINFO it inherits.
        process.env.GIT_SSL_CAINFO = server.caFile;
        const served = server.serve(repo, 'fleet');
        const withPassword = (password: string) =>
          new MirrorTreeSource(sources.mirrors, { credentialsFor: async () => ({ kind: 'https', username: 'bot', password }), allowLocal: false });
        const entry = { git: { repoURL: served.url, revision: 'main', directories: [{ path: 'apps/web' }] } };
        const good = await runEntry(entry, [], undefined, { git: withPassword(TOKEN) });
        expect(good.ok && paths(good.params)).toEqual(['apps/web']);
        const wrong = 'wrong-password-do-not-leak';
        const bad = await runEntry(entry, [], undefined, { git: withPassword(wrong) });
        expect(bad).toEqual({ ok: false, reason: expect.stringMatching(/^spec\.generators\[0\]\.git: repository https:\/\/127\.0\.0\.1:\d+\/fleet\.git: git ls-remote failed/) });
        expect(JSON.stringify(bad)).not.toMatch(/do-not-leak/);
      } finally {
        await server.stop();
      }
    });
  });
});
