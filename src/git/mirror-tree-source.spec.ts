import { describe, expect, it } from 'vitest';
import { GitError } from './git-error';
import type { GitMirrors } from './git-mirrors';
import { MirrorTreeSource } from './mirror-tree-source';

const SHA = 'a'.repeat(40);

/** GitMirrors at its seam: counts what the source asks of it. */
function fakeMirrors(overrides: Partial<Record<keyof GitMirrors, unknown>> = {}) {
  const calls: string[] = [];
  const mirrors = {
    remoteRefs: async (url: string) => {
      calls.push(`remoteRefs ${url}`);
      return new Map([['HEAD', SHA], ['refs/heads/main', SHA], ['refs/tags/v1', SHA]]);
    },
    resolveRevisions: async (url: string, revisions: string[], _credentials: unknown, refs: Map<string, string> | undefined) => {
      calls.push(`resolve ${revisions.join()} ${refs ? 'with refs' : 'without refs'}`);
      return new Map(revisions.map((revision) => [revision, revision === 'nope' ? { ok: false, error: new GitError('RevisionNotFound', `revision "${revision}" not found`) } : { ok: true, sha: SHA }]));
    },
    listCommit: async (url: string, sha: string) => {
      calls.push(`listCommit ${sha.slice(0, 4)}`);
      return [
        { kind: 'directory', path: 'apps' },
        { kind: 'file', path: 'apps/config.json', oid: 'b'.repeat(40), size: 2 },
      ];
    },
    readBlob: async (_url: string, oid: string, size: number) => {
      calls.push(`readBlob ${oid.slice(0, 4)} ${size}`);
      return Buffer.from('{}');
    },
    ...overrides,
  } as unknown as GitMirrors;
  return { mirrors, calls };
}

describe('MirrorTreeSource', () => {
  it('lists a repository\'s refs once per pass, whatever revisions are asked, and its commit tree once', async () => {
    const { mirrors, calls } = fakeMirrors();
    let credentialLookups = 0;
    const source = new MirrorTreeSource(mirrors, { credentialsFor: async () => (credentialLookups++, undefined), allowLocal: false });
    for (const revision of ['main', 'HEAD', 'v1', 'main']) expect(await source.resolve('https://git.local/org/fleet.git', revision)).toBe(SHA);
    await source.resolve('https://GIT.local/org/fleet', 'main');
    expect(await source.listTree('https://git.local/org/fleet.git', SHA)).toEqual([{ kind: 'directory', path: 'apps' }, { kind: 'file', path: 'apps/config.json' }]);
    expect(Buffer.from(await source.readFile('https://git.local/org/fleet.git', SHA, 'apps/config.json')).toString()).toBe('{}');
    expect(calls.filter((call) => call.startsWith('remoteRefs'))).toHaveLength(1);
    expect(calls.filter((call) => call.startsWith('resolve')).every((call) => call.endsWith('with refs'))).toBe(true);
    expect(calls.filter((call) => call.startsWith('listCommit'))).toHaveLength(1);
    expect(calls).toContain(`readBlob bbbb 2`);
    expect(credentialLookups).toBe(1);
  });

  it('names the repository, masked, in every failure', async () => {
    const { mirrors } = fakeMirrors();
    const source = new MirrorTreeSource(mirrors, { credentialsFor: async () => undefined, allowLocal: false });
    await expect(source.resolve('https://bot@git.local/fleet.git', 'nope')).rejects.toMatchObject({
      name: 'GitError',
      kind: 'RevisionNotFound',
      message: 'repository https://***@git.local/fleet.git: revision "nope" not found',
    });
    await expect(source.readFile('https://git.local/fleet.git', SHA, 'apps')).rejects.toMatchObject({ kind: 'NotFound', message: expect.stringContaining('file "apps" not found') });
    await expect(source.resolve('https://bot:s3cret-pass@git.local/fleet.git', 'main')).rejects.toMatchObject({ message: expect.not.stringContaining('s3cret-pass') });
    await expect(source.resolve('/srv/repos/fleet', 'main')).rejects.toMatchObject({ message: expect.stringContaining('local repositories are not allowed') });
  });

  it('never quotes a failure that is not Git\'s (its text is not vetted)', async () => {
    const { mirrors } = fakeMirrors();
    const source = new MirrorTreeSource(mirrors, {
      credentialsFor: async () => {
        throw new Error('password authentication failed for user "flotilla" (postgres://flotilla:db-s3cret@db)');
      },
      allowLocal: false,
    });
    const failure = await source.resolve('https://git.local/fleet.git', 'main').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GitError);
    expect((failure as Error).message).toBe('repository https://git.local/fleet.git: could not be read');
  });
});
