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

const nightly = { kind: 'deny', schedule: '0 22 * * *', duration: '8h', namespaces: ['production'] };

function withWindows(...syncWindows: Record<string, unknown>[]): Record<string, unknown> {
  return withOverrides({ spec: { ...valid.spec, syncWindows } });
}

describe('parseAppProjectManifest', () => {
  it('accepts a valid manifest and preserves fields it does not interpret', () => {
    const result = parseAppProjectManifest(valid);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.project.spec.roles).toEqual([{ name: 'ci' }]);
  });

  it('accepts Argo CD sync windows and keeps the fields it does not interpret', () => {
    const windows = [
      { ...nightly, timeZone: 'Europe/Berlin', manualSync: true, description: 'nightly freeze', syncOverrun: true },
      { kind: 'allow', schedule: '0 9 * * MON-FRI', duration: '1h30m', applications: ['my-api-*'], clusters: ['prod-*'], andOperator: true, timeZone: '' },
    ];
    const result = parseAppProjectManifest(withWindows(...windows));
    expect(result.ok, JSON.stringify(result)).toBe(true);
    if (result.ok) expect(result.project.spec.syncWindows).toEqual(windows);
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
    { name: 'sync window kind', input: withWindows({ ...nightly, kind: 'block' }), path: 'spec.syncWindows[0].kind', message: /allow or deny/ },
    { name: 'sync window schedule', input: withWindows({ ...nightly, schedule: '0 25 * * *' }), path: 'spec.syncWindows[0].schedule', message: /hour field "25"/ },
    { name: 'sync window schedule with seconds', input: withWindows({ ...nightly, schedule: '0 0 22 * * *' }), path: 'spec.syncWindows[0].schedule', message: /exactly 5 fields/ },
    { name: 'sync window schedule that never fires', input: withWindows({ ...nightly, schedule: '0 0 30 2 *' }), path: 'spec.syncWindows[0].schedule', message: /never fires/ },
    { name: 'sync window duration', input: withWindows({ ...nightly, duration: '8 hours' }), path: 'spec.syncWindows[0].duration', message: /not a duration/ },
    { name: 'sync window zero duration', input: withWindows({ ...nightly, duration: '0s' }), path: 'spec.syncWindows[0].duration', message: /longer than zero/ },
    { name: 'sync window without duration', input: withWindows({ ...nightly, duration: undefined }), path: 'spec.syncWindows[0].duration', message: /expected string/ },
    { name: 'sync window time zone', input: withWindows({ ...nightly, timeZone: 'Europe/Berln' }), path: 'spec.syncWindows[0].timeZone', message: /IANA time zone/ },
    { name: 'sync window glob', input: withWindows({ ...nightly, applications: ['my-api-[a'] }), path: 'spec.syncWindows[0].applications[0]', message: /not a valid glob/ },
    { name: 'sync window without lists', input: withWindows({ ...nightly, namespaces: [] }), path: 'spec.syncWindows[0]', message: /applications, namespaces or clusters/ },
    { name: 'sync window manualSync not a boolean', input: withWindows({ ...nightly, manualSync: 'yes' }), path: 'spec.syncWindows[0].manualSync', message: /expected boolean/ },
    { name: 'sync window description too long', input: withWindows({ ...nightly, description: 'x'.repeat(256) }), path: 'spec.syncWindows[0].description', message: /255/ },
    { name: 'duplicate sync window', input: withWindows(nightly, { ...nightly, description: 'same again', timeZone: 'UTC' }), path: 'spec.syncWindows[1]', message: /duplicates spec\.syncWindows\[0\]/ },
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
