import { describe, expect, it } from 'vitest';
import { defaultProject, isDestinationPermitted, isResourcePermitted, isSourceRepoPermitted, type AppProjectSpec } from './index';
import { buildProject } from './testing/builders';

describe('isSourceRepoPermitted', () => {
  const rows: { name: string; sourceRepos?: string[]; repo: string; want: boolean }[] = [
    { name: 'no rules permit nothing', sourceRepos: undefined, repo: 'https://github.com/org/repo', want: false },
    { name: 'star permits everything', sourceRepos: ['*'], repo: 'https://github.com/org/repo.git', want: true },
    { name: 'exact match ignoring .git and case', sourceRepos: ['https://github.com/Org/repo.git'], repo: 'https://github.com/org/repo', want: true },
    { name: 'different repo', sourceRepos: ['https://github.com/org/repo'], repo: 'https://github.com/org/other', want: false },
    { name: 'single star stays in one path segment', sourceRepos: ['https://github.com/org/*'], repo: 'https://github.com/org/a/b', want: false },
    { name: 'single star in segment', sourceRepos: ['https://github.com/org/*'], repo: 'https://github.com/org/a', want: true },
    { name: 'double star across segments', sourceRepos: ['https://github.com/org/**'], repo: 'https://github.com/org/a/b', want: true },
    { name: 'deny wins over a later allow', sourceRepos: ['!https://gitlab.com/group/**', '*'], repo: 'https://gitlab.com/group/x/y', want: false },
    { name: 'deny wins over an earlier allow', sourceRepos: ['*', '!https://gitlab.com/group/**'], repo: 'https://gitlab.com/group/x', want: false },
    { name: 'deny leaves others allowed', sourceRepos: ['!https://gitlab.com/group/**', '*'], repo: 'https://github.com/org/repo', want: true },
    { name: 'deny alone allows nothing', sourceRepos: ['!https://gitlab.com/group/**'], repo: 'https://github.com/org/repo', want: false },
    { name: 'scp-like deny matches ssh form', sourceRepos: ['!git@github.com:org/test.git', '*'], repo: 'ssh://git@github.com/org/test', want: false },
  ];
  it.each(rows)('$name', ({ sourceRepos, repo, want }) => {
    expect(isSourceRepoPermitted(buildProject({ sourceRepos }), repo)).toBe(want);
  });
});

describe('isDestinationPermitted', () => {
  const denyKubeSystemAndTeam1: AppProjectSpec['destinations'] = [
    { namespace: '!kube-system', server: '*' },
    { namespace: '*', server: '!https://team1-*' },
    { namespace: '*', server: '*' },
  ];
  const rows: {
    name: string;
    destinations: AppProjectSpec['destinations'];
    destination: { server?: string; name?: string; namespace?: string };
    want: boolean;
  }[] = [
    { name: 'no rules permit nothing', destinations: [], destination: { server: 'https://a', namespace: 'x' }, want: false },
    { name: 'wildcards', destinations: [{ server: '*', namespace: '*' }], destination: { server: 'https://a', namespace: 'x' }, want: true },
    { name: 'server glob', destinations: [{ server: 'https://127.0.0.*', namespace: 'apps' }], destination: { server: 'https://127.0.0.5', namespace: 'apps' }, want: true },
    { name: 'namespace mismatch', destinations: [{ server: '*', namespace: 'apps' }], destination: { server: 'https://a', namespace: 'kube-system' }, want: false },
    { name: 'match by cluster name', destinations: [{ name: 'prod-*', namespace: '*' }], destination: { server: 'https://a', name: 'prod-eu', namespace: 'x' }, want: true },
    { name: 'name rule does not match by server', destinations: [{ name: 'prod-*', namespace: '*' }], destination: { server: 'https://prod-eu', namespace: 'x' }, want: false },
    { name: 'denied namespace', destinations: denyKubeSystemAndTeam1, destination: { server: 'https://a', namespace: 'kube-system' }, want: false },
    { name: 'denied server', destinations: denyKubeSystemAndTeam1, destination: { server: 'https://team1-prod', namespace: 'apps' }, want: false },
    { name: 'allowed beside denials', destinations: denyKubeSystemAndTeam1, destination: { server: 'https://team2', namespace: 'apps' }, want: true },
    { name: 'deny wins when listed after allow', destinations: [{ namespace: '*', server: '*' }, { namespace: '!secret', server: '*' }], destination: { server: 'https://a', namespace: 'secret' }, want: false },
    { name: 'denied cluster name', destinations: [{ namespace: '*', server: '*' }, { namespace: '*', name: '!legacy' }], destination: { server: 'https://a', name: 'legacy', namespace: 'x' }, want: false },
    { name: 'a name deny rule rejects a destination without a name', destinations: [{ namespace: '*', server: '*' }, { namespace: '*', name: '!legacy' }], destination: { server: 'https://a', namespace: 'x' }, want: false },
    { name: 'empty namespace needs a matching rule', destinations: [{ server: '*', namespace: 'apps' }], destination: { server: 'https://a' }, want: false },
  ];
  it.each(rows)('$name', ({ destinations, destination, want }) => {
    expect(isDestinationPermitted(buildProject({ destinations }), destination)).toBe(want);
  });
});

describe('isResourcePermitted', () => {
  const rows: { name: string; spec: AppProjectSpec; group: string; kind: string; namespaced: boolean; want: boolean }[] = [
    { name: 'namespaced allowed without lists', spec: {}, group: 'apps', kind: 'Deployment', namespaced: true, want: true },
    { name: 'cluster-scoped needs an allow entry', spec: {}, group: '', kind: 'Namespace', namespaced: false, want: false },
    { name: 'cluster-scoped allowed by wildcard', spec: { clusterResourceWhitelist: [{ group: '*', kind: '*' }] }, group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', namespaced: false, want: true },
    { name: 'cluster-scoped denied by blacklist', spec: { clusterResourceWhitelist: [{ group: '*', kind: '*' }], clusterResourceBlacklist: [{ group: '', kind: 'Namespace' }] }, group: '', kind: 'Namespace', namespaced: false, want: false },
    { name: 'namespaced blacklist glob', spec: { namespaceResourceBlacklist: [{ group: '*', kind: 'Secret*' }] }, group: '', kind: 'Secret', namespaced: true, want: false },
    { name: 'empty namespace whitelist allows none', spec: { namespaceResourceWhitelist: [] }, group: 'apps', kind: 'Deployment', namespaced: true, want: false },
    { name: 'namespace whitelist hit', spec: { namespaceResourceWhitelist: [{ group: 'apps', kind: 'Deployment' }] }, group: 'apps', kind: 'Deployment', namespaced: true, want: true },
    { name: 'namespace whitelist miss', spec: { namespaceResourceWhitelist: [{ group: 'apps', kind: 'Deployment' }] }, group: '', kind: 'ConfigMap', namespaced: true, want: false },
  ];
  it.each(rows)('$name', ({ spec, group, kind, namespaced, want }) => {
    expect(isResourcePermitted(buildProject(spec), { group, kind, namespaced })).toBe(want);
  });
});

describe('defaultProject', () => {
  const project = defaultProject();
  const rows: { name: string; check: () => boolean }[] = [
    { name: 'any repository', check: () => isSourceRepoPermitted(project, 'git@127.0.0.1:x/y.git') },
    { name: 'any destination', check: () => isDestinationPermitted(project, { server: 'https://x', namespace: 'y' }) },
    { name: 'cluster-scoped kinds', check: () => isResourcePermitted(project, { group: '', kind: 'Namespace', namespaced: false }) },
    { name: 'namespaced kinds', check: () => isResourcePermitted(project, { group: 'apps', kind: 'Deployment', namespaced: true }) },
  ];
  it.each(rows)('allows $name', ({ check }) => {
    expect(check()).toBe(true);
  });
});
