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
