import { describe, expect, it } from 'vitest';
import { parseAppProjectManifest } from './index';

const valid = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'AppProject',
  metadata: { name: 'team-a', namespace: 'argocd' },
  spec: { sourceRepos: ['*'], destinations: [{ server: '*', namespace: '*' }], roles: [{ name: 'ci' }] },
};

function withOverrides(overrides: Record<string, unknown>): Record<string, unknown> {
  return { ...valid, ...overrides };
}

describe('parseAppProjectManifest', () => {
  it('accepts a valid manifest and preserves fields it does not interpret', () => {
    const result = parseAppProjectManifest(valid);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.project.spec.roles).toEqual([{ name: 'ci' }]);
  });

  const invalid: { name: string; input: unknown; path: string; message: RegExp }[] = [
    { name: 'not an object', input: 'x', path: '', message: /expected object/ },
    { name: 'wrong apiVersion', input: withOverrides({ apiVersion: 'v1' }), path: 'apiVersion', message: /argoproj\.io\/v1alpha1/ },
    { name: 'wrong kind', input: withOverrides({ kind: 'Application' }), path: 'kind', message: /AppProject/ },
    { name: 'missing metadata', input: withOverrides({ metadata: undefined }), path: 'metadata', message: /expected object/ },
    { name: 'name not DNS-1123', input: withOverrides({ metadata: { name: 'Team_A' } }), path: 'metadata.name', message: /DNS-1123/ },
    { name: 'name too long', input: withOverrides({ metadata: { name: 'a'.repeat(254) } }), path: 'metadata.name', message: /253/ },
    { name: 'sourceRepos not a list', input: withOverrides({ spec: { sourceRepos: '*' } }), path: 'spec.sourceRepos', message: /expected array/ },
    { name: 'deny everything repo', input: withOverrides({ spec: { sourceRepos: ['!*'] } }), path: 'spec.sourceRepos[0]', message: /'!\*' is not allowed/ },
    { name: 'malformed glob', input: withOverrides({ spec: { sourceRepos: ['https://x/[a'] } }), path: 'spec.sourceRepos[0]', message: /not a valid glob/ },
    { name: 'destination without server or name', input: withOverrides({ spec: { destinations: [{ namespace: 'a' }] } }), path: 'spec.destinations[0]', message: /server or name/ },
    { name: 'deny everything namespace', input: withOverrides({ spec: { destinations: [{ server: '*', namespace: '!*' }] } }), path: 'spec.destinations[0].namespace', message: /not allowed/ },
    { name: 'group kind without kind', input: withOverrides({ spec: { clusterResourceWhitelist: [{ group: '*' }] } }), path: 'spec.clusterResourceWhitelist[0].kind', message: /expected string/ },
  ];
  it.each(invalid)('rejects $name with the field path', ({ input, path: fieldPath, message }) => {
    const result = parseAppProjectManifest(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const issue = result.issues.find((i) => i.path === fieldPath);
    expect(issue, JSON.stringify(result.issues)).toBeDefined();
    expect(issue?.message).toMatch(message);
  });
});

describe('parseAppProjectManifest and source repositories with passwords', () => {
  const withSourceRepos = (sourceRepos: unknown[]) => withOverrides({ spec: { sourceRepos } });
  const rows: { name: string; sourceRepos: unknown[]; path?: string; shown?: string }[] = [
    { name: 'an https URL with a password', sourceRepos: ['https://ci:s3cret@git.local/org/repo.git'], path: 'spec.sourceRepos[0]', shown: 'https://***@git.local/org/repo.git' },
    { name: 'a deny pattern with a password', sourceRepos: ['*', '!http://ci:s3cret@git.local/org/**'], path: 'spec.sourceRepos[1]', shown: '!http://***@git.local/org/**' },
    { name: 'an ssh URL with a password', sourceRepos: ['ssh://git:s3cret@git.local/org/repo'], path: 'spec.sourceRepos[0]', shown: 'ssh://***@git.local/org/repo' },
    { name: 'a password next to a malformed glob', sourceRepos: ['https://ci:s3cret@git.local/[a'], path: 'spec.sourceRepos[0]', shown: 'https://***@git.local/[a' },
    { name: 'an https user name only', sourceRepos: ['https://git@git.local/org/repo.git'] },
    { name: 'an scp-like user name only', sourceRepos: ['git@git.local:org/*'] },
  ];
  it.each(rows)('$name', ({ sourceRepos, path: fieldPath, shown }) => {
    const result = parseAppProjectManifest(withSourceRepos(sourceRepos));
    if (fieldPath === undefined || shown === undefined) {
      expect(result.ok).toBe(true);
      return;
    }
    expect(result).toMatchObject({ ok: false, code: 'CredentialInRepoURL', issues: [{ path: fieldPath, message: expect.stringContaining(shown) }] });
    expect(JSON.stringify(result)).not.toContain('s3cret');
  });
});
