import { getRepositoryToken } from '@nestjs/typeorm';
import { QueryFailedError, type Repository } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CopyIn } from '../../src/database/copy-in';
import { ApplicationEntity } from '../../src/database/entities/application.entity';
import { ApplicationRepository, type GeneratedApplication } from '../../src/repositories/application.repository';
import { StateChangeObservers } from '../../src/repositories/state-changes';
import { startTestHub, type TestHub } from '../support/test-hub';

const STATUS = { sync: { status: 'Unknown' }, health: { status: 'Unknown' }, conditions: [] } as never;

/** Text that COPY's format and JSON both escape: backslashes, tabs, newlines, a carriage return, quotes, `\N`, `\.`. */
const AWKWARD = 'a\\b\tc\nd\re "quoted" \\N \\. ünïcode ✓';

function generated(prefix: string, count: number): GeneratedApplication[] {
  return Array.from({ length: count }, (_, i) => {
    const name = `${prefix}-${i}`;
    const labels = { env: i % 2 ? 'prod' : 'staging', note: AWKWARD };
    const manifest = { metadata: { name, labels, annotations: { text: AWKWARD, empty: '' } }, spec: { project: 'default', list: [1, 2.5, null, true] } };
    return { name, cluster: `c-${i}`, project: 'default', labels, manifestJson: JSON.stringify(manifest), fingerprint: `fp-${i}` };
  });
}

/**
 * ApplicationRepository.insertMany against the real database both ways: COPY (a real server, the default) and the
 * jsonb_to_recordset statements kept for PGlite, which has no COPY. Both store the same rows, and a refused row
 * aborts the lot with the same error.
 */
describe('ApplicationRepository.insertMany on the database', () => {
  let hub: TestHub;
  const ways: [string, () => ApplicationRepository][] = [
    ['COPY', () => repositoryWith(new CopyIn(true))],
    ['jsonb_to_recordset statements', () => repositoryWith(new CopyIn(false))],
  ];

  const repositoryWith = (copyIn: CopyIn) =>
    new ApplicationRepository(hub.app.get<Repository<ApplicationEntity>>(getRepositoryToken(ApplicationEntity)), hub.app.get(StateChangeObservers), copyIn);

  const storedRows = (prefix: string) =>
    hub.dataSource.query(
      `SELECT name, application_set, cluster, project, labels, manifest, status, fingerprint, origin FROM applications WHERE name LIKE $1 ORDER BY cluster`,
      [`${prefix}-%`],
    );

  beforeAll(async () => {
    hub = await startTestHub();
  });

  afterAll(async () => {
    await hub.close();
  });

  it('the hub copies on its embedded server and on PostgreSQL', () => {
    expect(hub.app.get(CopyIn).available).toBe(true);
  });

  it.each(ways)('%s: stores every row as given, escapes and all', async (_, repository) => {
    const prefix = `rows-${_.slice(0, 4).toLowerCase()}`;
    const rows = generated(prefix, 1200);
    await hub.dataSource.transaction((manager) => repository().insertMany(manager, 'bulk-set', STATUS, rows));
    const stored = await storedRows(prefix);
    expect(stored).toHaveLength(rows.length);
    const byName = new Map(stored.map((row: { name: string }) => [row.name, row]));
    for (const row of rows) {
      expect(byName.get(row.name)).toEqual({
        name: row.name,
        application_set: 'bulk-set',
        cluster: row.cluster,
        project: 'default',
        labels: row.labels,
        manifest: JSON.parse(row.manifestJson),
        status: JSON.parse(JSON.stringify(STATUS)),
        fingerprint: row.fingerprint,
        origin: 'ApplicationSet',
      });
    }
  });

  it.each(ways)('%s: a name already taken refuses the whole insert with the unique violation, and the connection stays usable', async (way, repository) => {
    const prefix = `taken-${way.slice(0, 4).toLowerCase()}`;
    const rows = generated(prefix, 3000);
    await hub.dataSource.transaction((manager) => repository().insertMany(manager, 'first-set', STATUS, rows.slice(2000, 2001)));
    const failure = await hub.dataSource.transaction((manager) => repository().insertMany(manager, 'second-set', STATUS, rows)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(QueryFailedError);
    expect((failure as QueryFailedError).driverError).toMatchObject({ code: '23505', constraint: 'PK_applications' });
    expect((await storedRows(prefix)).map((row: { name: string; application_set: string }) => [row.name, row.application_set])).toEqual([[`${prefix}-2000`, 'first-set']]);
    // Every connection of the pool still answers (one of them carried the failed COPY).
    const answers = await Promise.all(Array.from({ length: 12 }, () => hub.dataSource.query('SELECT 1 AS one')));
    expect(answers.every((answer) => answer[0].one === 1)).toBe(true);
  });

  it('COPY outside a transaction is refused before anything is sent', async () => {
    await expect(new CopyIn(true).rows(hub.dataSource.manager, 'COPY applications (name) FROM STDIN', [])).rejects.toThrow(/transaction/);
  });
});
