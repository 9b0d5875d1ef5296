import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RevisionPoller } from '../../src/reconcile/revision-poller';
import { startTestHub, type TestHub } from '../support/test-hub';

const SECRET = 'webhook-secret-0123456789';
const githubPush = { ref: 'refs/heads/main', repository: { clone_url: 'https://127.0.0.1:8443/team/fleet.git', ssh_url: 'git@127.0.0.1:team/fleet.git' } };
const sign = (body: string, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

describe('POST /api/v1/webhooks/git', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub({ env: { GIT_WEBHOOK_SECRET: SECRET } });
  });

  afterAll(async () => {
    await hub.close();
  });

  const post = (headers: Record<string, string>, body: string) =>
    hub.http.post('/api/v1/webhooks/git').set({ 'Content-Type': 'application/json', ...headers }).send(body);

  it('accepts a signed GitHub push without a bearer token and refreshes the repository at once', async () => {
    const poller = hub.app.get(RevisionPoller);
    // Pretend the repository was polled already (the poll itself would need the network).
    (poller as unknown as { cache: Map<string, unknown> }).cache.set('https://127.0.0.1:8443/team/fleet', { resolvedAt: Date.now(), ttlMs: 60_000, revisions: new Map() });
    const body = JSON.stringify(githubPush);
    const response = await post({ 'X-GitHub-Event': 'push', 'X-Hub-Signature-256': sign(body) }, body).expect(202);
    expect(response.body).toEqual({ event: 'push', repositories: ['https://127.0.0.1:8443/team/fleet', 'ssh://127.0.0.1/team/fleet'], refreshed: 1, applicationSets: 0 });
    expect(poller.knownRepositories()).not.toContain('https://127.0.0.1:8443/team/fleet');
  });

  it('accepts a GitLab push with the right token', async () => {
    const body = JSON.stringify({ object_kind: 'push', project: { git_http_url: 'https://127.0.0.1:8443/group/app.git' } });
    const response = await post({ 'X-Gitlab-Event': 'Push Hook', 'X-Gitlab-Token': SECRET }, body).expect(202);
    expect(response.body).toMatchObject({ event: 'push', repositories: ['https://127.0.0.1:8443/group/app'] });
  });

  it.each([
    { name: 'a wrong GitHub signature', headers: { 'X-GitHub-Event': 'push', 'X-Hub-Signature-256': sign('{}', 'other-secret-0123456789') }, status: 401 },
    { name: 'a missing GitHub signature', headers: { 'X-GitHub-Event': 'push' }, status: 401 },
    { name: 'a wrong GitLab token', headers: { 'X-Gitlab-Event': 'Push Hook', 'X-Gitlab-Token': 'nope' }, status: 401 },
    { name: 'no provider header', headers: {}, status: 400 },
  ])('refuses $name', async ({ headers, status }) => {
    const response = await post(headers as Record<string, string>, JSON.stringify(githubPush)).expect(status);
    expect(JSON.stringify(response.body)).not.toContain(SECRET);
  });

  it('refuses a signed push whose commit file lists are not strings, naming the field', async () => {
    const body = JSON.stringify({ ...githubPush, commits: [{ modified: ['apps/a.yaml', 7] }] });
    const response = await post({ 'X-GitHub-Event': 'push', 'X-Hub-Signature-256': sign(body) }, body).expect(400);
    expect(JSON.stringify(response.body)).toContain('commits.0.modified.1');
  });

  it('ignores events other than pushes without holding them to the push schema', async () => {
    const body = JSON.stringify({ action: 'opened', commits: 'not a list', forced: 'no' });
    const response = await post({ 'X-GitHub-Event': 'pull_request', 'X-Hub-Signature-256': sign(body) }, body).expect(202);
    expect(response.body.event).toBe('ignored');
  });

  it('ignores events other than pushes', async () => {
    const body = JSON.stringify({ zen: 'hi' });
    const response = await post({ 'X-GitHub-Event': 'ping', 'X-Hub-Signature-256': sign(body) }, body).expect(202);
    expect(response.body).toEqual({ event: 'ignored', repositories: [], refreshed: 0, applicationSets: 0 });
  });
});

describe('webhooks without a configured secret', () => {
  // The test starts its own hub (a fresh embedded database): a hook's budget, not a test's.
  it('are refused', { timeout: 60_000 }, async () => {
    const hub = await startTestHub();
    try {
      const body = JSON.stringify(githubPush);
      await hub.http.post('/api/v1/webhooks/git').set({ 'Content-Type': 'application/json', 'X-GitHub-Event': 'push', 'X-Hub-Signature-256': sign(body) }).send(body).expect(403);
    } finally {
      await hub.close();
    }
  });
});
