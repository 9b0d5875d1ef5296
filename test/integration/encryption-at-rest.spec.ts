import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterBody } from '../support/builders';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api';
import { bearer, randomKey, startTestHub, type TestHub } from '../support/test-hub';

describe('credentials at rest', () => {
  let cluster: KubeApiServer;

  beforeAll(async () => {
    cluster = await startKubeApiServer({ name: 'at-rest' });
  });

  afterAll(async () => {
    await cluster.stop();
  });

  const rawRows = async (hub: TestHub): Promise<{ row: string; credentials_key_id: string }[]> =>
    hub.dataSource.query(`SELECT row_to_json(c)::text AS row, credentials_key_id FROM clusters c ORDER BY name`);

  it('stores no credential plaintext, and survives a key rotation with re-encryption', async () => {
    const oldKey = randomKey('old');
    let hub = await startTestHub({ env: { FLOTILLA_ENCRYPTION_KEY: oldKey } });
    const token = cluster.addToken();
    const key = cluster.clientKeyData;
    try {
      const auth = bearer(hub.adminToken);
      await hub.http.post('/api/v1/clusters').set(auth).send(clusterBody({ name: 'token', server: cluster.url, credentials: { bearerToken: token }, tls: { caData: cluster.caData } })).expect(201);
      const certServer = cluster.url.replace('127.0.0.1', 'localhost');
      await hub.http
        .post('/api/v1/clusters')
        .set(auth)
        .send(clusterBody({ name: 'cert', server: certServer, credentials: { clientCertificateData: cluster.clientCertificateData, clientKeyData: key }, tls: { caData: cluster.caData } }))
        .expect(201);

      const rows = await rawRows(hub);
      expect(rows).toHaveLength(2);
      const keyBody = key.split('\n').filter((line) => !line.startsWith('-----')).join('');
      for (const { row, credentials_key_id } of rows) {
        expect(row).not.toContain(token);
        expect(row).not.toContain(keyBody.slice(0, 40));
        expect(row).toMatch(/"credentials_ciphertext":"v1\./);
        expect(credentials_key_id).toBe('old');
      }

      // Rotation step 1: a new active key, the old one kept for decryption.
      await hub.stop();
      const newKey = randomKey('new');
      hub = await startTestHub({ reuse: { dataDir: hub.dataDir, database: hub.database, encryptionKeys: `${newKey},${oldKey}` } });
      const reencrypted = await hub.http.post('/api/v1/admin/reencrypt-credentials').set(auth).expect(200);
      expect(reencrypted.body).toEqual({
        reencrypted: 2,
        alreadyCurrent: 0,
        unreadable: 0,
        byKind: { clusters: { reencrypted: 2, alreadyCurrent: 0, unreadable: 0 }, repositories: { reencrypted: 0, alreadyCurrent: 0, unreadable: 0 }, generatorPlugins: { reencrypted: 0, alreadyCurrent: 0, unreadable: 0 }, notificationSubscriptions: { reencrypted: 0, alreadyCurrent: 0, unreadable: 0 } },
      });
      expect((await rawRows(hub)).map((r) => r.credentials_key_id)).toEqual(['new', 'new']);

      // Rotation step 2: the old key is gone and everything still decrypts.
      await hub.stop();
      hub = await startTestHub({ reuse: { dataDir: hub.dataDir, database: hub.database, encryptionKeys: newKey } });
      for (const name of ['token', 'cert']) {
        const checked = await hub.http.post(`/api/v1/clusters/${name}/check`).set(auth).expect(200);
        expect(checked.body.status.connectionState).toBe('Successful');
      }

      // Without the key that sealed them, credentials are reported unreadable on the cluster, not as a 500.
      await hub.stop();
      hub = await startTestHub({ reuse: { dataDir: hub.dataDir, database: hub.database, encryptionKeys: randomKey('other') } });
      const unreadable = await hub.http.post('/api/v1/clusters/token/check').set(auth).expect(200);
      expect(unreadable.body.status).toMatchObject({ connectionState: 'Failed', message: expect.stringMatching(/^CredentialsUnreadable: .*"new"/) });
    } finally {
      await hub.close();
    }
    // Four hub starts in one test: more than the default budget on a busy machine.
  }, 90_000);
});
