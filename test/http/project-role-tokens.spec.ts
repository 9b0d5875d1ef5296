import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditTrail } from '../../src/audit/audit-trail';
import { FakeClock } from '../../src/clock/fake-clock';
import { ProjectsService } from '../../src/projects/projects.service';
import { exampleManifest } from '../support/example-fleet';
import { bearer, startTestHub, type TestHub } from '../support/test-hub';
import { projectWithReaders } from '../support/builders';

interface TokenItem {
  id: string;
  project: string;
  role: string;
  issuedAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  createdBy: string | null;
  description: string | null;
}

const HOUR_MS = 3_600_000;

describe('tokens of AppProject roles', () => {
  const clock = new FakeClock('2026-03-01T00:00:00Z');
  let hub: TestHub;
  let admin: Record<string, string>;
  /** Every secret this spec saw: none may show up in a list or in the audit log. */
  const secrets: string[] = [];

  const tokensUrl = (projectName: string, role: string) => `/api/v1/projects/${projectName}/roles/${role}/tokens`;
  const issue = async (projectName: string, role: string, body: Record<string, unknown> = {}) => {
    const response = await hub.http.post(tokensUrl(projectName, role)).set(admin).send(body);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    secrets.push(response.body.token as string);
    return response.body as TokenItem & { token: string };
  };
  const list = async (projectName: string, role: string) => (await hub.http.get(tokensUrl(projectName, role)).set(admin).expect(200)).body as { items: TokenItem[] };
  /** A request whose answer depends only on authentication: 401 for a refused token, anything else once it is accepted. */
  const authenticates = async (token: string, requestId = `use-${Math.random()}`) => {
    const response = await hub.http.post('/api/v1/clusters').set({ ...bearer(token), 'X-Request-Id': requestId }).send({});
    return response.status !== 401;
  };

  beforeAll(async () => {
    hub = await startTestHub({ clock, env: { RECONCILE_INTERVAL_SECONDS: '3600', SHARD_LEASE_SECONDS: '3600' } });
    admin = bearer(hub.adminToken);
    secrets.push(hub.adminToken);
    // The example repository's project, deployer role included, as a user would post it.
    const platform = exampleManifest('projects/platform.yaml', { repoURL: 'https://127.0.0.1:9/fleet.git', stagingServer: 'https://127.0.0.1:6443' });
    await hub.http.post('/api/v1/projects').set(admin).send(platform).expect(201);
  });

  afterAll(async () => {
    await hub?.close();
  });

  it('issues a token once, with its id, issue time and expiry, and lists it without the secret', async () => {
    const created = await issue('platform', 'deployer', { expiresIn: '24h', id: 'ci-pipeline', description: 'GitHub Actions' });
    expect(created).toEqual({
      id: 'ci-pipeline',
      project: 'platform',
      role: 'deployer',
      description: 'GitHub Actions',
      issuedAt: '2026-03-01T00:00:00.000Z',
      expiresAt: '2026-03-02T00:00:00.000Z',
      lastUsedAt: null,
      createdBy: 'admin',
      token: expect.stringMatching(/^flt_[A-Za-z0-9_-]{43}$/),
    });
    const listed = await list('platform', 'deployer');
    expect(listed.items).toContainEqual({ ...created, token: undefined });
    expect(listed.items.every((item) => !('token' in item))).toBe(true);
    expect(JSON.stringify(listed)).not.toContain(created.token);
    const rows: { token_hash: string }[] = await hub.dataSource.query(`SELECT token_hash FROM api_tokens WHERE project = 'platform' AND name = 'ci-pipeline'`);
    expect(rows[0].token_hash).not.toContain(created.token);
  });

  it('gives a token without an id a random UUID, and one without expiresIn no expiry (as argocd proj role create-token)', async () => {
    const created = await issue('platform', 'deployer');
    expect(created.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(created.expiresAt).toBeNull();
    expect((await issue('platform', 'deployer', { expiresIn: 3600 })).expiresAt).toBe('2026-03-01T01:00:00.000Z');
  });

  it('authenticates the token as the project role: the audit log names it as the actor', async () => {
    const created = await issue('platform', 'deployer', { id: 'audited' });
    expect(await authenticates(created.token, 'project-token-use')).toBe(true);
    await hub.app.get(AuditTrail).settled();
    const audit = (await hub.http.get('/api/v1/audit').query({ limit: '1000' }).set(admin).expect(200)).body as { items: { requestId: string; actor: string; role: string }[] };
    expect(audit.items.find((event) => event.requestId === 'project-token-use')).toMatchObject({ actor: 'proj:platform:deployer/audited', role: 'proj:platform:deployer' });
    const listed = await list('platform', 'deployer');
    expect(listed.items.find((item) => item.id === 'audited')?.lastUsedAt).toBe(clock.now().toISOString());
    for (const secret of secrets) expect(JSON.stringify(audit)).not.toContain(secret);
  });

  it('revokes a token: it no longer authenticates, and a second revocation finds nothing', async () => {
    const created = await issue('platform', 'deployer', { id: 'short-lived' });
    expect(await authenticates(created.token)).toBe(true);
    await hub.http.delete(`${tokensUrl('platform', 'deployer')}/short-lived`).set(admin).expect(204);
    expect(await authenticates(created.token)).toBe(false);
    expect((await list('platform', 'deployer')).items.map((item) => item.id)).not.toContain('short-lived');
    await hub.http.delete(`${tokensUrl('platform', 'deployer')}/short-lived`).set(admin).expect(404);
  });

  it('refuses a token once it has expired on the hub clock', async () => {
    const created = await issue('platform', 'deployer', { id: 'one-hour', expiresIn: '1h' });
    await clock.advance(HOUR_MS - 1000);
    expect(await authenticates(created.token)).toBe(true);
    await clock.advance(1000);
    expect(await authenticates(created.token)).toBe(false);
  });

  it('keeps ids per role: the same id in two roles, and the name of a global token, are no conflict', async () => {
    await hub.http.post('/api/v1/projects').set(admin).send(projectWithReaders('team-a', 'ci', 'ops')).expect(201);
    await issue('team-a', 'ci', { id: 'admin' });
    await issue('team-a', 'ops', { id: 'admin' });
    const again = await hub.http.post(tokensUrl('team-a', 'ci')).set(admin).send({ id: 'admin' }).expect(409);
    expect(again.body.details).toEqual([{ field: 'id', reason: 'already exists' }]);
    // The global list holds global tokens only.
    const global = (await hub.http.get('/api/v1/tokens').set(admin).expect(200)).body as { items: { name: string; role: string }[] };
    expect(global.items).toEqual([expect.objectContaining({ name: 'admin', role: 'admin' })]);
  });

  it.each([
    { name: 'an unknown project', url: () => tokensUrl('nowhere', 'deployer'), message: /Project "nowhere" not found/ },
    { name: 'an unknown role', url: () => tokensUrl('platform', 'auditor'), message: /no role "auditor"/ },
  ])('answers 404 for $name on every route', async ({ url, message }) => {
    const issued = await hub.http.post(url()).set(admin).send({}).expect(404);
    expect(issued.body.message).toMatch(message);
    await hub.http.get(url()).set(admin).expect(404);
    await hub.http.delete(`${url()}/x`).set(admin).expect(404);
  });

  it.each([
    { name: 'a negative duration', body: { expiresIn: '-1h' }, field: 'expiresIn', reason: /negative/ },
    { name: 'words', body: { expiresIn: 'tomorrow' }, field: 'expiresIn', reason: /not a duration/ },
    { name: 'fractional seconds', body: { expiresIn: 1.5 }, field: 'expiresIn', reason: /whole number/ },
    { name: 'under a second', body: { expiresIn: '10ms' }, field: 'expiresIn', reason: /at least one second/ },
    { name: 'a boolean', body: { expiresIn: true }, field: 'expiresIn', reason: /./ },
    { name: 'an id with a space', body: { id: 'my token' }, field: 'id', reason: /letters, digits/ },
    { name: 'an unknown field', body: { expiresAt: '2099-01-01T00:00:00Z' }, field: 'expiresAt', reason: /unknown field/ },
  ])('refuses $name with 400 and stores nothing', async ({ body, field, reason }) => {
    const before = (await list('platform', 'deployer')).items.length;
    const response = await hub.http.post(tokensUrl('platform', 'deployer')).set(admin).send(body).expect(400);
    expect(response.body.details).toContainEqual({ field, reason: expect.stringMatching(reason) });
    expect((await list('platform', 'deployer')).items).toHaveLength(before);
  });

  it('refuses the tokens of a role removed from the project, which do not come back when the role does', async () => {
    await hub.http.post('/api/v1/projects').set(admin).send(projectWithReaders('team-b', 'ci', 'ops')).expect(201);
    const ci = await issue('team-b', 'ci', { id: 'pipeline' });
    const ops = await issue('team-b', 'ops', { id: 'pager' });
    await hub.http.put('/api/v1/projects/team-b').set(admin).send(projectWithReaders('team-b', 'ops')).expect(200);
    expect(await authenticates(ci.token)).toBe(false);
    expect(await authenticates(ops.token)).toBe(true);
    const rows: { n: number }[] = await hub.dataSource.query(`SELECT count(*)::int AS n FROM api_tokens WHERE project = 'team-b' AND project_role = 'ci'`);
    expect(rows[0].n).toBe(0);
    await hub.http.put('/api/v1/projects/team-b').set(admin).send(projectWithReaders('team-b', 'ci', 'ops')).expect(200);
    expect(await authenticates(ci.token)).toBe(false);
    expect((await list('team-b', 'ci')).items).toEqual([]);
  });

  it('deletes the tokens of a role an app of apps removed from the project it owns', async () => {
    // The app of apps' path into the projects service (src/adoption), without a Git repository to sync from.
    const projects = hub.app.get(ProjectsService);
    await projects.adopt('hub-config', projectWithReaders('adopted', 'ci', 'ops'));
    const ci = await issue('adopted', 'ci');
    const ops = await issue('adopted', 'ops');
    await projects.adopt('hub-config', projectWithReaders('adopted', 'ops'));
    expect(await authenticates(ci.token)).toBe(false);
    expect(await authenticates(ops.token)).toBe(true);
    const rows: { role: string }[] = await hub.dataSource.query(`SELECT project_role AS role FROM api_tokens WHERE project = 'adopted'`);
    expect(rows).toEqual([{ role: 'ops' }]);
  });

  it('refuses a project-role token whose role is gone even if the row is still there', async () => {
    await hub.http.post('/api/v1/projects').set(admin).send(projectWithReaders('team-c', 'ci')).expect(201);
    const ci = await issue('team-c', 'ci');
    // The manifest changed under the hub (as by a race with the update): authentication reads the stored roles.
    await hub.dataSource.query(`UPDATE projects SET manifest = jsonb_set(manifest, '{spec,roles}', '[]'::jsonb) WHERE name = 'team-c'`);
    expect(await authenticates(ci.token)).toBe(false);
  });

  it('deletes the tokens of a deleted project', async () => {
    await hub.http.post('/api/v1/projects').set(admin).send(projectWithReaders('scratch', 'ci')).expect(201);
    const created = await issue('scratch', 'ci');
    await hub.http.delete('/api/v1/projects/scratch').set(admin).expect(204);
    const rows: { n: number }[] = await hub.dataSource.query(`SELECT count(*)::int AS n FROM api_tokens WHERE project = 'scratch'`);
    expect(rows[0].n).toBe(0);
    expect(await authenticates(created.token)).toBe(false);
    await hub.http.post('/api/v1/projects').set(admin).send(projectWithReaders('scratch', 'ci')).expect(201);
    expect((await list('scratch', 'ci')).items).toEqual([]);
  });

  it('holds either a built-in role or a project role in the database, never both or neither', async () => {
    const insert = (role: string | null, projectName: string | null, projectRole: string | null) =>
      hub.dataSource.query(`INSERT INTO api_tokens (name, role, project, project_role, token_hash) VALUES ('x', $1, $2, $3, md5(random()::text))`, [role, projectName, projectRole]);
    await expect(insert('viewer', 'platform', 'deployer')).rejects.toThrow(/ck_api_tokens_role_or_project_role/);
    await expect(insert(null, null, null)).rejects.toThrow(/ck_api_tokens_role_or_project_role/);
    await expect(insert(null, 'platform', null)).rejects.toThrow(/ck_api_tokens_role_or_project_role/);
    await expect(insert(null, 'nowhere', 'ci')).rejects.toThrow(/fk_api_tokens_project/);
  });

  it('refuses a project whose roles Argo CD would refuse, naming the field, and stores nothing', async () => {
    const bad = projectWithReaders('team-d', 'ci');
    bad.spec.roles[0].policies.push('p, proj:team-d:ci, projects, get, team-d, allow');
    const response = await hub.http.post('/api/v1/projects').set(admin).send(bad).expect(400);
    expect(response.body.details).toEqual([{ field: 'spec.roles[0].policies[1]', reason: expect.stringMatching(/resource must be one of/) }]);
    await hub.http.get('/api/v1/projects/team-d').set(admin).expect(404);
  });
});
