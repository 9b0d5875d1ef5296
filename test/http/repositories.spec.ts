import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitRemotesService } from '../../src/git-remotes/git-remotes.service';
import { bearer, startTestHub, type TestHub } from '../support/test-hub';

const TOKEN = 'ghp_repository-token-do-not-leak';

describe('Git repository credentials', () => {
  let hub: TestHub;
  let auth: Record<string, string>;

  beforeAll(async () => {
    hub = await startTestHub();
    auth = bearer(hub.adminToken);
  });

  afterAll(async () => {
    await hub.close();
  });

  it('registers a local repository without credentials', async () => {
    const response = await hub.http.post('/api/v1/repositories').set(auth).send({ url: 'file:///srv/git/fleet.git' }).expect(201);
    expect(response.body).toMatchObject({ url: 'file:///srv/git/fleet.git', normalizedUrl: 'file:///srv/git/fleet.git', credentials: { type: 'none' } });
  });

  it('seals HTTPS credentials, never shows them, and hands them only to that repository', async () => {
    const response = await hub.http.post('/api/v1/repositories').set(auth).send({ url: 'https://127.0.0.1:8443/team/fleet.git', username: 'ci', token: TOKEN }).expect(201);
    expect(response.body.credentials.type).toBe('https');
    const listed = await hub.http.get('/api/v1/repositories').set(auth).expect(200);
    expect(JSON.stringify(listed.body)).not.toContain(TOKEN);
    const rows: { row: string }[] = await hub.dataSource.query(`SELECT row_to_json(r)::text AS row FROM repositories r`);
    for (const { row } of rows) expect(row).not.toContain(TOKEN);
    const service = hub.app.get(GitRemotesService);
    expect(await service.credentialsFor('https://127.0.0.1:8443/team/fleet')).toEqual({ kind: 'https', username: 'ci', password: TOKEN });
    expect(await service.credentialsFor('https://localhost:8443/team/fleet.git')).toBeUndefined();
    await hub.http.post('/api/v1/repositories').set(auth).send({ url: 'https://127.0.0.1:8443/team/fleet/' }).expect(409);
  });

  it.each([
    { name: 'an ext:: transport', body: { url: 'ext::sh -c touch% /tmp/pwned' }, field: 'url' },
    { name: 'an option-like URL', body: { url: '--upload-pack=touch' }, field: 'url' },
    { name: 'an SSH key without known hosts', body: { url: 'ssh://git@127.0.0.1/x.git', sshPrivateKey: 'key' }, field: 'knownHosts' },
    { name: 'HTTPS and SSH credentials together', body: { url: 'https://127.0.0.1/x.git', token: TOKEN, sshPrivateKey: 'k', knownHosts: 'h' }, field: 'sshPrivateKey' },
    { name: 'an SSH key for an HTTPS URL', body: { url: 'https://127.0.0.1/y.git', sshPrivateKey: 'k', knownHosts: 'h' }, field: 'url' },
    { name: 'an unknown field', body: { url: 'https://127.0.0.1/z.git', branch: 'main' }, field: 'branch' },
  ])('refuses $name with 400 and stores nothing', async ({ body, field }) => {
    const before = (await hub.http.get('/api/v1/repositories').set(auth).expect(200)).body.items.length;
    const response = await hub.http.post('/api/v1/repositories').set(auth).send(body).expect(400);
    expect(response.body.details.map((d: { field: string }) => d.field)).toContain(field);
    expect(JSON.stringify(response.body)).not.toContain(TOKEN);
    expect((await hub.http.get('/api/v1/repositories').set(auth).expect(200)).body.items).toHaveLength(before);
  });

  it('deletes a repository', async () => {
    const created = await hub.http.post('/api/v1/repositories').set(auth).send({ url: '/srv/git/gone.git' }).expect(201);
    await hub.http.get(`/api/v1/repositories/${created.body.id}`).set(auth).expect(200);
    await hub.http.delete(`/api/v1/repositories/${created.body.id}`).set(auth).expect(204);
    await hub.http.delete(`/api/v1/repositories/${created.body.id}`).set(auth).expect(404);
  });
});
