import { describe, expect, it } from 'vitest';
import { type AuditedRequest, describeRequest } from './request-summary';

const admin = { kind: 'token', name: 'admin', role: 'admin' } as const;

function request(overrides: Partial<AuditedRequest>): AuditedRequest {
  return { method: 'POST', path: '/api/v1/clusters', route: '/api/v1/clusters', params: {}, query: {}, body: undefined, principal: admin, ...overrides };
}

describe('describeRequest', () => {
  it.each([
    { name: 'a create names the resource from the body', request: request({ body: { name: 'prod' } }), expected: { action: 'create', resourceKind: 'clusters', resourceName: 'prod' } },
    {
      name: 'an update (PUT) names it from the path',
      request: request({ method: 'PUT', path: '/api/v1/projects/web', route: '/api/v1/projects/:name', params: { name: 'web' } }),
      expected: { action: 'update', resourceKind: 'projects', resourceName: 'web' },
    },
    {
      name: 'a PATCH is a patch',
      request: request({ method: 'PATCH', path: '/api/v1/clusters/prod', route: '/api/v1/clusters/:name', params: { name: 'prod' } }),
      expected: { action: 'patch', resourceKind: 'clusters', resourceName: 'prod' },
    },
    {
      name: 'a route action after the name',
      request: request({ path: '/api/v1/applicationsets/web/approve-deletions', route: '/api/v1/applicationsets/:name/approve-deletions', params: { name: 'web' } }),
      expected: { action: 'approve-deletions', resourceKind: 'applicationsets', resourceName: 'web' },
    },
    {
      name: 'a route action without a name',
      request: request({ path: '/api/v1/admin/reencrypt-credentials', route: '/api/v1/admin/reencrypt-credentials' }),
      expected: { action: 'reencrypt-credentials', resourceKind: 'admin', resourceName: null },
    },
    {
      name: 'a manifest names itself in metadata',
      request: request({ path: '/api/v1/applicationsets', route: '/api/v1/applicationsets', body: { kind: 'ApplicationSet', metadata: { name: 'web' } } }),
      expected: { resourceName: 'web', changes: { fields: ['kind', 'metadata.name'], manifest: { kind: 'ApplicationSet', name: 'web' } } },
    },
    {
      name: 'a Git repository is named by its URL, without userinfo',
      request: request({ path: '/api/v1/repositories', route: '/api/v1/repositories', body: { url: 'https://bot:hunter2@127.0.0.1/fleet.git', password: 'hunter2' } }),
      expected: { resourceKind: 'repositories', resourceName: 'https://***@127.0.0.1/fleet.git', changes: { fields: ['url', 'password'] } },
    },
    {
      name: 'the Git webhook is the actor webhook',
      request: request({ path: '/api/v1/webhooks/git', route: '/api/v1/webhooks/git', principal: undefined }),
      expected: { actor: 'webhook', role: null, action: 'receive', resourceKind: 'webhooks', resourceName: null },
    },
    { name: 'no verified token is anonymous', request: request({ principal: undefined }), expected: { actor: 'anonymous', role: null } },
    {
      name: "signing out of the caller's own session names that session",
      request: request({ method: 'DELETE', path: '/api/v1/session', route: '/api/v1/session', principal: { kind: 'sso', name: 'alice', groups: [] }, sessionId: 'session-1' }),
      expected: { actor: 'alice', role: 'sso', action: 'sign-out', resourceKind: 'sessions', resourceName: 'session-1' },
    },
    {
      name: "revoking someone's session",
      request: request({ method: 'DELETE', path: '/api/v1/sessions/session-2', route: '/api/v1/sessions/:id', params: { id: 'session-2' } }),
      expected: { action: 'revoke', resourceKind: 'sessions', resourceName: 'session-2' },
    },
    {
      name: 'a request refused before routing has no route and no resource',
      request: request({ method: 'DELETE', path: '/api/v1/clusters/x', route: undefined }),
      expected: { route: null, action: 'delete', resourceKind: null, resourceName: null },
    },
  ])('$name', ({ request: given, expected }) => {
    expect(describeRequest(given)).toMatchObject(expected);
  });

  it('lists body fields two levels deep, and never enters a credential', () => {
    const described = describeRequest(
      request({
        body: {
          name: 'prod',
          labels: { env: 'production' },
          credentials: { bearerToken: 'tok-do-not-leak', kubeconfig: 'kc-do-not-leak' },
          tls: { caData: 'PEM', clientKeyData: 'key-do-not-leak' },
          sshPrivateKey: 'ssh-do-not-leak',
        },
      }),
    );
    expect(described.changes.fields).toEqual(['name', 'labels.env', 'credentials', 'tls.caData', 'tls.clientKeyData', 'sshPrivateKey']);
    expect(JSON.stringify(described)).not.toMatch(/do-not-leak/);
  });

  it('keeps query parameters, masking credential-named ones and URL userinfo', () => {
    const described = describeRequest(request({ method: 'DELETE', query: { cascade: 'true', token: 'flt_do-not-leak', apiKey: 'do-not-leak', next: 'https://u:p-do-not-leak@127.0.0.1/x' } }));
    expect(described.changes.query).toEqual({ cascade: 'true', token: '[redacted]', apiKey: '[redacted]', next: 'https://***@127.0.0.1/x' });
  });

  it('makes hostile text storable and bounded', () => {
    const described = describeRequest(
      request({
        method: 'PUT',
        path: `/api/v1/clusters/${'a'.repeat(5000)}`,
        route: '/api/v1/clusters/:name',
        params: { name: `\u0000bad\uD800${'😀'.repeat(200)}` },
        body: { ['k\u0000']: 1, ...Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`f${i}`, i])) },
      }),
    );
    expect(described.path).toHaveLength(1024);
    expect(described.resourceName!.startsWith('\\u0000bad\\ud800😀')).toBe(true);
    expect(described.resourceName!.length).toBeLessThanOrEqual(253);
    expect(described.resourceName).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(described.changes.fields).toHaveLength(100);
    expect(described.changes.fields![0]).toBe('k\\u0000');
  });
});
