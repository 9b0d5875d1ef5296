import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ReconcileConfig } from '../../src/reconcile/reconcile-config';
import { clusterBody } from '../support/builders';
import { ClusterRepository } from '../../src/repositories/cluster.repository';
import { ApplicationRepository } from '../../src/repositories/application.repository';
import { ConfigGenerationRepository } from '../../src/repositories/config-generation.repository';
import { bearer, startTestHub, type TestHub } from '../support/test-hub';

const project = (name: string, sourceRepos: string[]) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'AppProject',
  metadata: { name, namespace: 'argocd' },
  spec: { sourceRepos, destinations: [{ server: '*', namespace: '*' }] },
});

describe('what reconciles read besides their application, kept while nothing of it changes (ReconcileConfig)', () => {
  let hub: TestHub;
  let auth: Record<string, string>;
  const generation = async () => String((await hub.dataSource.query(`SELECT generation::text AS g FROM config_generation`))[0].g);

  beforeAll(async () => {
    hub = await startTestHub();
    auth = bearer(hub.adminToken);
  });

  afterAll(async () => {
    await hub.close();
  });

  it('is read once and shared while the generation stands still', async () => {
    const config = hub.app.get(ReconcileConfig);
    const first = await config.current();
    expect(await config.current()).toBe(first);
    expect(Object.isFrozen(first.projects.get('default'))).toBe(true);
  });

  it('is read again after a project changes over REST, and after a write by another replica (SQL on its own connection)', async () => {
    const config = hub.app.get(ReconcileConfig);
    const before = await config.current();
    await hub.http.post('/api/v1/projects').set(auth).send(project('team-a', ['file:///a'])).expect(201);
    const afterRest = await config.current();
    expect(afterRest).not.toBe(before);
    expect(afterRest.projects.get('team-a')?.spec.sourceRepos).toEqual(['file:///a']);

    // Another replica's write: the same database, not this hub's services, so no event of this process says so.
    await hub.dataSource.query(`UPDATE projects SET manifest = jsonb_set(manifest, '{spec,sourceRepos}', '["file:///b"]') WHERE name = 'team-a'`);
    const afterSql = await config.current();
    expect(afterSql.projects.get('team-a')?.spec.sourceRepos).toEqual(['file:///b']);
  });

  it('takes the counter a reconcile read with its row instead of a look of its own', async () => {
    await hub.dataSource.query(
      `INSERT INTO applications (name, application_set, cluster, project, labels, manifest, status, fingerprint, origin)
       VALUES ('generation-reader', NULL, 'in-cluster', 'default', '{}', '{}', '{}', 'f', 'manual')`,
    );
    const applications = hub.app.get(ApplicationRepository);
    const looks = vi.spyOn(hub.app.get(ConfigGenerationRepository), 'current');
    const config = hub.app.get(ReconcileConfig);
    const before = await config.current(await generation());
    // Another replica's write: the counter the next reconcile reads with its row has moved.
    await hub.dataSource.query(`UPDATE projects SET manifest = jsonb_set(manifest, '{spec,sourceRepos}', '["file:///c"]') WHERE name = 'team-a'`);
    const read = await applications.findForReconcile(['generation-reader', 'not-there']);
    expect(read.rows.map(({ row }) => row.name)).toEqual(['generation-reader']);
    expect(read.configGeneration).toBe(await generation());
    const after = await config.current(read.configGeneration);
    expect(after).not.toBe(before);
    expect(after.projects.get('team-a')?.spec.sourceRepos).toEqual(['file:///c']);
    expect(await config.current(read.configGeneration)).toBe(after);
    expect(looks).not.toHaveBeenCalled();
    looks.mockRestore();
  });

  it('reads every time, rather than fail, if the counter row is gone (deleted by hand)', async () => {
    const config = hub.app.get(ReconcileConfig);
    const row = await generation();
    await hub.dataSource.query(`DELETE FROM config_generation`);
    try {
      const first = await config.current();
      expect(await config.current()).not.toBe(first);
      // A reconcile's own read of its row then brings no counter: it looks (and reads) again too.
      expect((await hub.app.get(ApplicationRepository).findForReconcile(['generation-reader'])).configGeneration).toBeUndefined();
    } finally {
      await hub.dataSource.query(`INSERT INTO config_generation ("only", generation) VALUES (true, $1)`, [row]);
    }
  });

  it('counts a set manifest change and a repository, not a set status write', async () => {
    const at = await generation();
    await hub.dataSource.query(`UPDATE application_sets SET status = status`);
    await hub.dataSource.query(`INSERT INTO application_sets (name, manifest, generation, status, created_at, updated_at) VALUES ('s', '{}', 1, '{}', now(), now())`);
    const afterInsert = await generation();
    expect(BigInt(afterInsert)).toBeGreaterThan(BigInt(at));
    await hub.dataSource.query(`UPDATE application_sets SET status = '{"x":1}' WHERE name = 's'`);
    expect(await generation()).toBe(afterInsert);
    await hub.dataSource.query(`UPDATE application_sets SET manifest = '{"spec":{"strategy":{"type":"RollingSync"}}}' WHERE name = 's'`);
    expect((await hub.app.get(ReconcileConfig).current()).rollingSyncSets.has('s')).toBe(true);
    const beforeRepository = await generation();
    await hub.http.post('/api/v1/repositories').set(auth).send({ url: 'https://127.0.0.1:9/team/repo.git' }).expect(201);
    expect(BigInt(await generation())).toBeGreaterThan(BigInt(beforeRepository));
  });

  it('keeps a cluster row per generation: a connectivity check leaves it, a change to how to reach the cluster does not', async () => {
    const config = hub.app.get(ReconcileConfig);
    await hub.http.post('/api/v1/clusters').set(auth).send(clusterBody({ name: 'kept', server: 'https://127.0.0.1:9', labels: { env: 'dev' }, credentials: { bearerToken: 'token-0123456789' } })).expect(201);
    const reading = await config.current();
    const cluster = await reading.clusterNamed('kept');
    expect(cluster).toMatchObject({ name: 'kept', labels: { env: 'dev' } });
    expect(Object.isFrozen(cluster)).toBe(true);
    expect(await reading.clusterNamed('kept')).toBe(cluster);
    expect(await reading.clusterNamed('not-registered')).toBeNull();

    const at = await generation();
    // As the connectivity checks write it (TypeORM also sets updated_at).
    await hub.app.get(ClusterRepository).updateStatus(cluster!.id, { connectionState: 'Failed', serverVersion: null, statusMessage: 'refused', lastCheckedAt: new Date() });
    expect(await generation()).toBe(at);
    expect(await config.current()).toBe(reading);

    await hub.http.patch('/api/v1/clusters/kept').set(auth).send({ labels: { env: 'prod' } }).expect(200);
    const after = await config.current();
    expect(after).not.toBe(reading);
    expect((await after.clusterNamed('kept'))?.labels).toEqual({ env: 'prod' });
  });
});
