import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitError, GitMirrors, type GitCredentials } from '../../src/git';
import { createGitRepo, type GitTestRepo } from '../support/git-repo';
import { startGitHttpsServer, type GitHttpsServer, type ServedRepository } from '../support/git-https-server';

const USER = 'flotilla-bot';
const TOKEN = 'glpat-test-token-do-not-leak';
const basic = (password: string) => `Basic ${Buffer.from(`${USER}:${password}`).toString('base64')}`;

// The private HTTPS Git server the rotation tests rely on, exercised through the hub's own Git adapter.
describe('the Git HTTPS test server', () => {
  let repo: GitTestRepo;
  let server: GitHttpsServer;
  let served: ServedRepository;
  let mirrorsDir: string;
  let mirrors: GitMirrors;
  const previousCaInfo = process.env.GIT_SSL_CAINFO;
  const credentials = (password: string): GitCredentials => ({ kind: 'https', username: USER, password });

  beforeAll(async () => {
    repo = createGitRepo();
    repo.commitFiles({ 'apps/hello.yaml': 'kind: ConfigMap\n' }, 'first');
    server = await startGitHttpsServer({ username: USER, token: TOKEN });
    served = server.serve(repo, 'fleet');
    // The hub's git inherits GIT_SSL_CAINFO from the process: that is how it trusts the test CA.
    process.env.GIT_SSL_CAINFO = server.caFile;
    mirrorsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flotilla-https-mirrors-'));
    mirrors = new GitMirrors({ rootDir: mirrorsDir, remoteTimeoutMs: 20_000 });
  });

  afterAll(async () => {
    if (previousCaInfo === undefined) delete process.env.GIT_SSL_CAINFO;
    else process.env.GIT_SSL_CAINFO = previousCaInfo;
    await server?.stop();
    repo?.remove();
    fs.rmSync(mirrorsDir, { recursive: true, force: true });
  });

  it('serves the repository over HTTPS to a client with the right Basic credentials, and sees them', async () => {
    const before = server.requestCount();
    const resolved = (await mirrors.resolveRevisions(served.url, ['main'], credentials(TOKEN))).get('main');
    expect(resolved).toEqual({ ok: true, sha: repo.head(), ref: 'refs/heads/main' });
    const files = await mirrors.readTree(served.url, repo.head(), 'apps', { credentials: credentials(TOKEN) });
    expect(files.map((file) => [file.path, file.content.toString()])).toEqual([['hello.yaml', 'kind: ConfigMap\n']]);
    expect(server.requestCount() - before).toBeGreaterThanOrEqual(3);
    expect(server.authorizations()).toContain(basic(TOKEN));
  });

  it('serves a pushed commit', async () => {
    const sha = repo.commitFiles({ 'apps/hello.yaml': 'kind: Secret\n' }, 'second');
    served.publish();
    expect((await mirrors.resolveRevisions(served.url, ['main'], credentials(TOKEN))).get('main')).toMatchObject({ ok: true, sha });
  });

  it.each([
    { name: 'a wrong token', given: credentials('wrong-token') },
    { name: 'no credentials', given: undefined },
  ])('refuses $name with an authentication failure that quotes no secret', async ({ given }) => {
    const failure = await mirrors.resolveRevisions(served.url, ['main'], given).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(GitError);
    expect(failure).toMatchObject({ kind: 'AuthFailed' });
    expect(String((failure as Error).message)).not.toMatch(/wrong-token|glpat/);
  });

  it('never sends the credentials to another host it is redirected to', async () => {
    const elsewhere = await startGitHttpsServer({ username: USER, token: TOKEN, tls: server.tls, host: 'localhost' });
    const redirecting = await startGitHttpsServer({ username: USER, token: TOKEN, tls: server.tls, redirectTo: elsewhere.origin });
    try {
      const repoUrl = redirecting.serve(repo, 'moved').url;
      await expect(mirrors.resolveRevisions(repoUrl, ['main'], credentials(TOKEN))).rejects.toBeInstanceOf(GitError);
      expect(redirecting.authorizations()).toContain(basic(TOKEN));
      expect(elsewhere.authorizations()).toEqual([]);
      expect(elsewhere.requestCount()).toBe(0);
    } finally {
      await Promise.all([elsewhere.stop(), redirecting.stop()]);
    }
  });
});
