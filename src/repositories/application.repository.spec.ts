import type { EntityManager, Repository } from 'typeorm';
import { describe, expect, it } from 'vitest';
import type { ApplicationEntity } from '../database/entities/application.entity';
import { CopyIn } from '../database/copy-in';
import { ApplicationRepository, type GeneratedApplication } from './application.repository';
import type { StateChangeObservers } from './state-changes';

const STATUS = { sync: { status: 'Unknown' }, health: { status: 'Unknown' }, conditions: [] } as never;

/** `count` rows whose manifests carry `padding` characters each. */
function rows(count: number, padding: number): GeneratedApplication[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `app-${i}`,
    cluster: `c${i}`,
    project: 'default',
    labels: { env: 'prod' },
    manifestJson: JSON.stringify({ metadata: { name: `app-${i}`, annotations: { padding: 'x'.repeat(padding) } } }),
    fingerprint: `f${i}`,
  }));
}

/** A transaction's manager whose statements finish only when the test says so. */
function manualManager() {
  const statements: { sql: string; parameters: unknown[]; finish: (error?: Error) => void }[] = [];
  const manager = {
    query: (sql: string, parameters: unknown[]) =>
      new Promise((resolve, reject) => {
        statements.push({ sql, parameters, finish: (error) => (error ? reject(error) : resolve([])) });
      }),
  } as unknown as EntityManager;
  return { manager, statements };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));
const repository = new ApplicationRepository({} as Repository<ApplicationEntity>, {} as StateChangeObservers, new CopyIn(false));
// Rows of about 40,000 characters: three to a statement of 128 kB.
const PADDING = 40_000;

describe('ApplicationRepository.insertMany', () => {
  it('sends every row once, in order, in statements of about 128 kB of JSON, with the set and status as parameters', async () => {
    const { manager, statements } = manualManager();
    const inserting = repository.insertMany(manager, 'fleet', STATUS, rows(10, PADDING));
    for (let finished = 0; finished < 4; finished++) {
      await turn();
      statements[finished].finish();
    }
    await inserting;
    const arrays = statements.map((statement) => statement.parameters[0] as string);
    expect(arrays.map((json) => (JSON.parse(json) as unknown[]).length)).toEqual([3, 3, 3, 1]);
    expect(arrays.map((json) => json.length <= 128 * 1024)).toEqual(arrays.map(() => true));
    expect(arrays.flatMap((json) => (JSON.parse(json) as { name: string }[]).map((row) => row.name))).toEqual(rows(10, 0).map((row) => row.name));
    expect(statements.map((statement) => statement.parameters.slice(1))).toEqual(statements.map(() => ['fleet', JSON.stringify(STATUS)]));
    expect(JSON.parse(arrays[0])[0]).toEqual({ name: 'app-0', cluster: 'c0', project: 'default', labels: { env: 'prod' }, manifest: JSON.parse(rows(1, PADDING)[0].manifestJson), fingerprint: 'f0' });
  });

  it('keeps the next statement queued behind the running one, never more', async () => {
    const { manager, statements } = manualManager();
    const inserting = repository.insertMany(manager, 'fleet', STATUS, rows(9, PADDING));
    await turn();
    expect(statements).toHaveLength(2);
    statements[0].finish();
    await turn();
    expect(statements).toHaveLength(3);
    statements[1].finish();
    statements[2].finish();
    await inserting;
    expect(statements).toHaveLength(3);
  });

  it('fails with the first failing statement, the one queued behind it settled quietly', async () => {
    const { manager, statements } = manualManager();
    const inserting = repository.insertMany(manager, 'fleet', STATUS, rows(9, PADDING));
    await turn();
    statements[0].finish(new Error('duplicate key value violates unique constraint "uq_applications_name"'));
    statements[1].finish(new Error('current transaction is aborted'));
    await expect(inserting).rejects.toThrow('uq_applications_name');
    expect(statements).toHaveLength(2);
  });

  it('sends a row longer than a statement on its own, and nothing for no rows', async () => {
    const { manager, statements } = manualManager();
    const inserting = repository.insertMany(manager, 'fleet', STATUS, rows(2, 200_000));
    await turn();
    for (const statement of statements) statement.finish();
    await inserting;
    expect(statements.map((statement) => (JSON.parse(statement.parameters[0] as string) as unknown[]).length)).toEqual([1, 1]);
    const empty = manualManager();
    await repository.insertMany(empty.manager, 'fleet', STATUS, []);
    expect(empty.statements).toEqual([]);
  });
});

describe('ApplicationRepository.updateStatusFenced, batched', () => {
  it('writes a name given twice in a batch in order, its later status in a statement of its own, each statement sorted by name', async () => {
    const statements: { name: string; status: { health: { message: string } } }[][] = [];
    const manager = {
      query: async (_sql: string, [json]: [string]) => {
        const given = JSON.parse(json) as { name: string; status: { health: { message: string } } }[];
        statements.push(given);
        return given.map(({ name }) => ({ name }));
      },
    };
    const applications = { manager } as unknown as Repository<ApplicationEntity>;
    const batched = new ApplicationRepository(applications, { mayRecordStatus: () => false } as unknown as StateChangeObservers, new CopyIn(false));
    const status = (message: string) => ({ sync: { status: 'OutOfSync' }, health: { status: 'Progressing', message } }) as never;
    const lease = { shard: 0, epoch: '1', holder: 'me' };
    const written = await Promise.all(
      (
        [
          ['a', 'first'],
          ['c', 'earlier'],
          ['b', 'only'],
          ['c', 'later'],
        ] as const
      ).map(([name, message]) => batched.updateStatusFenced(name, status(message), lease)),
    );
    expect(written).toEqual([true, true, true, true]);
    expect(statements.map((given) => given.map((write) => `${write.name}:${write.status.health.message}`))).toEqual([['a:first'], ['b:only', 'c:earlier'], ['c:later']]);
  });
});
