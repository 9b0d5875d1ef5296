import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessPolicyError } from '../../src/access/hub-policy';
import { bearer, startTestHub, type TestHub } from '../support/test-hub';

const POLICY = [
  '# operators may not delete production applications',
  'p, role:operator, applications, delete, prod/*, deny',
  // Viewers hold the "releaser" role of project payments, whatever that project says it may do.
  'g, role:readonly, proj:payments:releaser',
].join('\n');

describe('account and can-i', () => {
  let hub: TestHub;
  const tokens: Record<'viewer' | 'operator', string> = { viewer: '', operator: '' };

  beforeAll(async () => {
    hub = await startTestHub({ env: { RBAC_POLICY_CSV: POLICY } });
    for (const role of ['viewer', 'operator'] as const) {
      const created = await hub.http.post('/api/v1/tokens').set(bearer(hub.adminToken)).send({ name: `${role}-1`, role }).expect(201);
      tokens[role] = created.body.token;
    }
  });

  afterAll(async () => {
    await hub?.close();
  });

  const canI = async (token: string, resource: string, action: string, object: string) => {
    const response = await hub.http.get('/api/v1/account/can-i').query({ resource, action, object }).set(bearer(token)).expect(200);
    return response.body.allowed as boolean;
  };

  it('tells each caller who it is and which policy subjects it acts as', async () => {
    const viewer = await hub.http.get('/api/v1/account').set(bearer(tokens.viewer)).expect(200);
    expect(viewer.body).toEqual({ name: 'viewer-1', kind: 'token', role: 'viewer', subjects: ['role:readonly'] });
    const admin = await hub.http.get('/api/v1/account').set(bearer(hub.adminToken)).expect(200);
    expect(admin.body).toMatchObject({ kind: 'token', role: 'admin', subjects: ['role:admin'] });
    await hub.http.get('/api/v1/account').expect(401);
  });

  it('answers can-i from the built-in roles and the hub-wide policy', async () => {
    expect(await canI(tokens.viewer, 'applications', 'get', 'dev/api')).toBe(true);
    expect(await canI(tokens.viewer, 'applications', 'sync', 'dev/api')).toBe(false);
    expect(await canI(tokens.viewer, 'tokens', 'get', 'ci')).toBe(false);
    expect(await canI(tokens.operator, 'applications', 'delete', 'dev/api')).toBe(true);
    expect(await canI(tokens.operator, 'applications', 'delete', 'prod/api')).toBe(false);
    expect(await canI(tokens.operator, 'tokens', 'create', 'ci')).toBe(false);
    expect(await canI(hub.adminToken, 'tokens', 'create', 'ci')).toBe(true);
    // role:admin holds role:operator, so the operators' deny binds admins too ("some allow and no deny").
    expect(await canI(hub.adminToken, 'applications', 'delete', 'prod/api')).toBe(false);
  });

  it('names the missing or unknown parameter', async () => {
    const missing = await hub.http.get('/api/v1/account/can-i').query({ resource: 'applications', action: 'get' }).set(bearer(tokens.viewer)).expect(400);
    expect(missing.body.details).toEqual([{ field: 'object', reason: expect.any(String) }]);
    const empty = await hub.http.get('/api/v1/account/can-i').query({ resource: '', action: 'get', object: 'x' }).set(bearer(tokens.viewer)).expect(400);
    expect(empty.body.details.map((detail: { field: string }) => detail.field)).toEqual(['resource']);
    const unknown = await hub.http.get('/api/v1/account/can-i').query({ resource: 'a', action: 'get', object: 'x', extra: '1' }).set(bearer(tokens.viewer)).expect(400);
    expect(unknown.body.details).toEqual([{ field: 'extra', reason: 'unknown field' }]);
  });

  it('follows project roles as they change, also when another replica changed the row', async () => {
    expect(await canI(tokens.viewer, 'applications', 'sync', 'payments/api')).toBe(false);
    const project = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AppProject',
      metadata: { name: 'payments' },
      spec: {
        sourceRepos: ['*'],
        destinations: [{ server: '*', namespace: '*' }],
        roles: [{ name: 'releaser', policies: ['p, proj:payments:releaser, applications, sync, payments/*, allow', 'p, proj:payments:releaser, applications, sync, payments/ledger, deny'] }],
      },
    };
    await hub.http.post('/api/v1/projects').set(bearer(hub.adminToken)).send(project).expect(201);
    expect(await canI(tokens.viewer, 'applications', 'sync', 'payments/api')).toBe(true);
    expect(await canI(tokens.viewer, 'applications', 'sync', 'payments/ledger')).toBe(false);
    expect(await canI(tokens.viewer, 'applications', 'sync', 'other/api')).toBe(false);
    // Another replica's write reaches this one only through the database: no event, no cache of ours touched.
    await hub.dataSource.query(`UPDATE projects SET manifest = jsonb_set(manifest, '{spec,roles}', '[]'::jsonb) WHERE name = 'payments'`);
    expect(await canI(tokens.viewer, 'applications', 'sync', 'payments/api')).toBe(false);
  });
});

describe('a hub with a bad access policy', () => {
  it('refuses to start, naming every bad line', async () => {
    const policy = ['p, role:x, applications, get, */*, allow', 'p, role:x, applications, get', 'p, role:x, gadgets, get, *, allow', 'g, alice'].join('\n');
    const failure = await startTestHub({ env: { RBAC_POLICY_CSV: policy } }).then(
      (hub) => hub.close().then(() => undefined),
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(AccessPolicyError);
    expect((failure as AccessPolicyError).violations).toEqual([
      expect.stringMatching(/^RBAC_POLICY_CSV line 2: a p line has 6 fields/),
      expect.stringMatching(/^RBAC_POLICY_CSV line 3: the resource "gadgets"/),
      expect.stringMatching(/^RBAC_POLICY_CSV line 4: a g line has 3 fields/),
    ]);
    expect((failure as Error).message).toContain('Invalid access policy');
  });
});
