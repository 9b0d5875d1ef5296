import { describe, expect, it } from 'vitest';
import { parsePushEvent } from './push-event';

describe('parsePushEvent: what a push moved', () => {
  it.each([
    { name: 'GitHub, the default branch', provider: 'github' as const, event: 'push', body: { ref: 'refs/heads/main', repository: { clone_url: 'https://git.local/a.git', default_branch: 'main' } }, want: { revision: 'main', touchedHead: true } },
    { name: 'GitHub, another branch with a slash', provider: 'github' as const, event: 'push', body: { ref: 'refs/heads/feature/x', repository: { clone_url: 'https://git.local/a.git', default_branch: 'main' } }, want: { revision: 'feature/x', touchedHead: false } },
    { name: 'GitLab, a tag', provider: 'gitlab' as const, event: 'Tag Push Hook', body: { ref: 'refs/tags/v1.2', project: { git_http_url: 'https://git.local/a.git', default_branch: 'main' } }, want: { revision: 'v1.2', touchedHead: false } },
    { name: 'no default branch in the payload', provider: 'github' as const, event: 'push', body: { ref: 'refs/heads/main', repository: { clone_url: 'https://git.local/a.git' } }, want: { revision: 'main' } },
    { name: 'no ref in the payload', provider: 'github' as const, event: 'push', body: { repository: { clone_url: 'https://git.local/a.git' } }, want: {} },
  ])('$name', ({ provider, event, body, want }) => {
    const header = provider === 'github' ? 'x-github-event' : 'x-gitlab-event';
    const push = parsePushEvent(provider, { [header]: event }, body);
    expect(push).toEqual({ provider, repositoryUrls: ['https://git.local/a.git'], ...want });
  });
});

describe('parsePushEvent: the files a push changed', () => {
  const github = (extra: Record<string, unknown>) => parsePushEvent('github', { 'x-github-event': 'push' }, { ref: 'refs/heads/main', repository: { clone_url: 'https://git.local/a.git' }, ...extra });
  const commits = [
    { added: ['apps/a/new.yaml'], modified: ['apps/b/x.yaml'], removed: [] },
    { added: [], modified: ['apps/b/x.yaml'], removed: ['apps/c/old.yaml'] },
  ];

  it('lists every file the commits added, modified or removed, once', () => {
    expect(github({ commits })?.changedFiles).toEqual(['apps/a/new.yaml', 'apps/b/x.yaml', 'apps/c/old.yaml']);
  });

  it.each([
    { name: 'no commits', extra: {} },
    { name: 'a force push', extra: { commits, forced: true } },
    { name: 'a new branch', extra: { commits, created: true } },
    { name: 'a commit id of zeros (GitLab: a new branch)', extra: { commits, before: '0000000000000000000000000000000000000000' } },
  ])('says nothing of the files after $name', ({ extra }) => {
    expect(github(extra)?.changedFiles).toBeUndefined();
  });

  it('says nothing of them when GitLab counts more commits than it lists', () => {
    const gitlab = (total: number) => parsePushEvent('gitlab', { 'x-gitlab-event': 'Push Hook' }, { ref: 'refs/heads/main', project: { git_http_url: 'https://git.local/a.git' }, commits, total_commits_count: total });
    expect(gitlab(2)?.changedFiles).toHaveLength(3);
    expect(gitlab(25)?.changedFiles).toBeUndefined();
  });
});
