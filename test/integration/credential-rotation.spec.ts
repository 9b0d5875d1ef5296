import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GeneratorPluginsService } from '../../src/generator-plugins/generator-plugins.service';
import { SubscriptionSettings } from '../../src/notifications/subscription-settings';
import { NotificationSubscriptionRepository } from '../../src/repositories/notification-subscription.repository';
import { parseRepoUrl } from '../../src/git';
import { RevisionPoller } from '../../src/reconcile/revision-poller';
import { at, call } from '../kube-api/http';
import { clusterBody } from '../support/builders';
import { captureStdout, type CapturedStdout } from '../support/captured-stdout';
import { exampleText, type ExampleRewrite } from '../support/example-fleet';
import { createGitRepo, type GitTestRepo } from '../support/git-repo';
import { startGitHttpsServer, type GitHttpsServer, type ServedRepository } from '../support/git-https-server';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api';
import { bearer, randomKey, startTestHub, type TestHub } from '../support/test-hub';
import type { TestDatabase } from '../support/test-database';

const GIT_USER = 'flotilla-bot';
const GIT_TOKEN = 'glpat-rotation-token-do-not-leak';
const WRONG_TOKEN = 'glpat-wrong-token-do-not-leak';
const PLUGIN_TOKEN = 'plugin-rotation-token-do-not-leak';
const WEBHOOK_SECRET = `whsec_${Buffer.from('notification-rotation-secret-do-not-leak').toString('base64')}`;
const APP = 'my-api-staging';
// Reconcile passes only when the test asks (refresh), so no background pass races the assertions.
const HUB_ENV = { LOG_LEVEL: 'debug', RECONCILE_INTERVAL_SECONDS: '3600' };

const basic = (token: string) => `Basic ${Buffer.from(`${GIT_USER}:${token}`).toString('base64')}`;

/*
 * Key rotation end to end for both kinds of sealed credentials: a cluster and a private HTTPS Git repository are
 * registered under key "old" and deploy the example fleet; the keys rotate, every row is re-sealed, the old key
 * is dropped, and the cluster and the repository (a new commit) still work. The steps share one hub's data.
 */
// Each step may restart the hub (a new database connection, migrations checked): more than the default budget.
describe('credential key rotation: clusters and Git repositories', { timeout: 90_000 }, () => {
  let cluster: KubeApiServer;
  let repo: GitTestRepo;
  let gitServer: GitHttpsServer;
  let served: ServedRepository;
  let stdout: CapturedStdout;
  let hub: TestHub & { database: TestDatabase };
  const oldKey = randomKey('old');
  const newKey = randomKey('new');
  const auth = () => bearer(hub.adminToken);
  const previousCaInfo = process.env.GIT_SSL_CAINFO;
  // Every API answer, checked at the end for the Git token.
  const answers: string[] = [];
  const seen = <T extends { text: string }>(response: T): T => {
    answers.push(response.text);
    return response;
  };

  const restartWith = async (encryptionKeys: string) => {
    await hub.stop();
    hub = await startTestHub({ env: HUB_ENV, reuse: { dataDir: hub.dataDir, database: hub.database, encryptionKeys } });
  };
  const refresh = async () => seen(await hub.http.post(`/api/v1/applications/${APP}/refresh`).set(auth()).expect(200)).body;
  const deployment = async () => (await call(cluster, '/apis/apps/v1/namespaces/staging/deployments/my-api')).json;
  const keyIds = async (table: 'clusters' | 'repositories'): Promise<string[]> => {
    const rows: { credentials_key_id: string }[] = await hub.dataSource.query(`SELECT credentials_key_id FROM ${table} ORDER BY id`);
    return rows.map((row) => row.credentials_key_id);
  };

  beforeAll(async () => {
    cluster = await startKubeApiServer({ name: 'rotation', controllerDelayMs: 50 });
    repo = createGitRepo({ example: true });
    gitServer = await startGitHttpsServer({ username: GIT_USER, token: GIT_TOKEN });
    served = gitServer.serve(repo, 'fleet');
    // Test hubs run in this process, and the hub's git inherits GIT_SSL_CAINFO: it trusts the test CA.
    process.env.GIT_SSL_CAINFO = gitServer.caFile;
    stdout = captureStdout();
    hub = await startTestHub({ env: { ...HUB_ENV, FLOTILLA_ENCRYPTION_KEY: oldKey } });
  });

  afterAll(async () => {
    try {
      await Promise.all([hub?.close(), cluster?.stop(), gitServer?.stop()]);
      repo?.remove();
    } finally {
      stdout?.restore();
      if (previousCaInfo === undefined) delete process.env.GIT_SSL_CAINFO;
      else process.env.GIT_SSL_CAINFO = previousCaInfo;
    }
  });

  it('deploys from the private HTTPS repository with credentials sealed under the old key', async () => {
    const rewrite: ExampleRewrite = { repoURL: served.url, stagingServer: cluster.server };
    seen(await hub.http.post('/api/v1/clusters').set(auth()).send(clusterBody({ name: 'staging', server: cluster.server, labels: { env: 'staging' }, credentials: { bearerToken: cluster.token }, tls: { caData: cluster.caData } })).expect(201));
    seen(await hub.http.post('/api/v1/repositories').set(auth()).send({ url: served.url, username: GIT_USER, token: GIT_TOKEN }).expect(201));
    seen(await hub.http.post('/api/v1/generator-plugins').set(auth()).send({ name: 'rotated-plugin', baseUrl: 'http://127.0.0.1:9', token: PLUGIN_TOKEN }).expect(201));
    const subscription = { name: 'rotated-hook', events: ['sync.failed'], destination: { type: 'webhook', url: 'http://127.0.0.1:9/hook', secret: WEBHOOK_SECRET } };
    seen(await hub.http.post('/api/v1/notifications/subscriptions').set(auth()).send(subscription).expect(201));
    seen(await hub.http.post('/api/v1/projects').set(auth()).set('Content-Type', 'application/yaml').send(exampleText('projects/platform.yaml', rewrite)).expect(201));
    const set = seen(await hub.http.post('/api/v1/applicationsets').set(auth()).set('Content-Type', 'application/yaml').send(exampleText('applicationsets/my-api-clusters.yaml', rewrite)).expect(201));
    expect(set.body.status).toMatchObject({ desired: 1, rejected: [] });

    const status = await refresh();
    expect(status.sync).toEqual({ status: 'Synced', revision: repo.head() });
    expect(at(await deployment(), 'spec.replicas')).toBe(2);
    expect(gitServer.authorizations()).toContain(basic(GIT_TOKEN));
    expect(await keyIds('clusters')).toEqual(['old']);
    expect(await keyIds('repositories')).toEqual(['old']);
  });

  it('re-seals cluster and repository credentials under the new key, reporting counts per kind', async () => {
    await restartWith(`${newKey},${oldKey}`);
    const report = seen(await hub.http.post('/api/v1/admin/reencrypt-credentials').set(auth()).expect(200));
    expect(report.body).toEqual({
      reencrypted: 4,
      alreadyCurrent: 0,
      unreadable: 0,
      byKind: {
        clusters: { reencrypted: 1, alreadyCurrent: 0, unreadable: 0 },
        repositories: { reencrypted: 1, alreadyCurrent: 0, unreadable: 0 },
        generatorPlugins: { reencrypted: 1, alreadyCurrent: 0, unreadable: 0 },
        notificationSubscriptions: { reencrypted: 1, alreadyCurrent: 0, unreadable: 0 },
      },
    });
    expect([...(await keyIds('clusters')), ...(await keyIds('repositories'))]).toEqual(['new', 'new']);
    const again = seen(await hub.http.post('/api/v1/admin/reencrypt-credentials').set(auth()).expect(200));
    const current = { reencrypted: 0, alreadyCurrent: 1, unreadable: 0 };
    expect(again.body.byKind).toEqual({ clusters: current, repositories: current, generatorPlugins: current, notificationSubscriptions: current });
  });

  it('still reaches the cluster and fetches and applies a new commit once the old key is gone', async () => {
    const sha = repo.commit('staging: 3 replicas', (dir) => {
      const file = path.join(dir, 'apps/my-api/overlays/staging/patch-replicas.yaml');
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('replicas: 2', 'replicas: 3'));
    });
    served.publish();
    await restartWith(newKey);
    const authorizationsBefore = gitServer.authorizations().length;

    const checked = seen(await hub.http.post('/api/v1/clusters/staging/check').set(auth()).expect(200));
    expect(checked.body.status.connectionState).toBe('Successful');
    const status = await refresh();
    expect(status.sync).toEqual({ status: 'Synced', revision: sha });
    expect(at(await deployment(), 'spec.replicas')).toBe(3);
    expect(gitServer.authorizations().slice(authorizationsBefore)).toContain(basic(GIT_TOKEN));
    expect((await hub.app.get(GeneratorPluginsService).endpointFor('rotated-plugin')).token).toBe(PLUGIN_TOKEN);
    const subscription = await hub.app.get(NotificationSubscriptionRepository).findByName('rotated-hook');
    expect(hub.app.get(SubscriptionSettings).open(subscription!).sealed).toMatchObject({ secret: WEBHOOK_SECRET });
  });

  it('shows an authentication failure as a ComparisonError when the repository password is wrong', async () => {
    const [registered] = seen(await hub.http.get('/api/v1/repositories').set(auth()).expect(200)).body.items;
    seen(await hub.http.delete(`/api/v1/repositories/${registered.id}`).set(auth()).expect(204));
    seen(await hub.http.post('/api/v1/repositories').set(auth()).send({ url: served.url, username: GIT_USER, token: WRONG_TOKEN }).expect(201));
    // The branch was resolved moments ago; a push webhook would drop that answer the same way.
    hub.app.get(RevisionPoller).invalidate([parseRepoUrl(served.url, false).normalized]);

    const status = await refresh();
    expect(status.conditions).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'ComparisonError', message: expect.stringMatching(/authentication failed/i) })]));
    expect(gitServer.authorizations()).toContain(basic(WRONG_TOKEN));
    // A failing repository never prunes: what was applied stays.
    expect(at(await deployment(), 'spec.replicas')).toBe(3);
  });

  it('reports repository credentials no configured key opens on the application, not as a failed request', async () => {
    await restartWith(randomKey('other'));
    const status = await refresh();
    expect(status.conditions).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'ComparisonError', message: expect.stringMatching(/^CredentialsUnreadable: .*key "new"/) })]));
  });

  it('never shows or logs the repository tokens', async () => {
    seen(await hub.http.get(`/api/v1/applications/${APP}`).set(auth()).expect(200));
    seen(await hub.http.get('/api/v1/repositories').set(auth()).expect(200));
    seen(await hub.http.get('/api/v1/generator-plugins').set(auth()).expect(200));
    const rows: { row: string }[] = await hub.dataSource.query(
      `SELECT row_to_json(r)::text AS row FROM repositories r UNION ALL SELECT row_to_json(p)::text FROM generator_plugins p
       UNION ALL SELECT row_to_json(s)::text FROM notification_subscriptions s`,
    );
    const logs = stdout.text();
    expect(logs).toMatch(/"reqId":/);
    for (const [where, text] of [['answers', answers.join('\n')], ['logs', logs], ['rows', rows.map((r) => r.row).join('\n')]]) {
      for (const token of [GIT_TOKEN, WRONG_TOKEN, PLUGIN_TOKEN, WEBHOOK_SECRET]) {
        expect(text, where).not.toContain(token);
        expect(text, where).not.toContain(basic(token).slice('Basic '.length));
      }
    }
  });
});
