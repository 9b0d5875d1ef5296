import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClustersService } from '../../src/clusters/clusters.service';
import { ApplicationRepository } from '../../src/repositories/application.repository';
import { startTestHub, type TestHub } from '../support/test-hub';

/**
 * What a reconcile reads with its application's row, in the one statement: the destination's cluster row and whether
 * the application owns hub objects (an app of apps), besides the config generation (reconcile-config.spec.ts).
 */
describe('ApplicationRepository.findForReconcile', () => {
  let hub: TestHub;

  const insertApplication = (name: string, cluster: string, extra: { origin?: string; parent?: string; deleting?: boolean } = {}) =>
    hub.dataSource.query(
      `INSERT INTO applications (name, application_set, cluster, project, labels, manifest, status, fingerprint, origin, parent_application, deletion_requested_at)
       VALUES ($1, NULL, $2, 'default', '{}', '{}', '{}', 'f', $3, $4, $5)`,
      [name, cluster, extra.origin ?? 'manual', extra.parent ?? null, extra.deleting ? new Date() : null],
    );

  beforeAll(async () => {
    hub = await startTestHub();
    await hub.app.get(ClustersService).register({ name: 'read-target', server: 'https://127.0.0.1:1', labels: { env: 'test' }, credentials: { bearerToken: 'read-token' } }, false);
    await insertApplication('plain', 'read-target');
    await insertApplication('nowhere', 'not-registered');
    await insertApplication('root-of-project', 'read-target');
    await hub.dataSource.query(`INSERT INTO projects (name, manifest, parent_application) SELECT 'adopted-team', manifest, 'root-of-project' FROM projects WHERE name = 'default'`);
    await insertApplication('root-of-app', 'read-target');
    await insertApplication('child-being-deleted', 'read-target', { origin: 'Application', parent: 'root-of-app', deleting: true });
    await insertApplication('root-of-nothing', 'read-target');
  });

  afterAll(async () => {
    await hub.close();
  });

  it('brings the destination cluster row, null for a name no cluster has', async () => {
    const { rows } = await hub.app.get(ApplicationRepository).findForReconcile(['plain', 'nowhere']);
    const byName = new Map(rows.map((read) => [read.row.name, read]));
    expect(byName.get('plain')?.destination).toMatchObject({ name: 'read-target', server: 'https://127.0.0.1:1', labels: { env: 'test' }, credentialsType: 'bearerToken' });
    expect(byName.get('plain')?.destination?.createdAt).toBeInstanceOf(Date);
    expect(byName.get('nowhere')?.destination).toBeNull();
    // The row itself stays an application row and nothing more.
    expect(Object.keys(byName.get('plain')!.row)).not.toContain('destinationRow');
  });

  it('says which applications own hub objects: a project, or a child application even while it is being deleted', async () => {
    const { rows } = await hub.app.get(ApplicationRepository).findForReconcile(['plain', 'root-of-project', 'root-of-app', 'root-of-nothing']);
    expect(Object.fromEntries(rows.map((read) => [read.row.name, read.ownsHubObjects]))).toEqual({
      plain: false,
      'root-of-project': true,
      'root-of-app': true,
      'root-of-nothing': false,
    });
  });
});
