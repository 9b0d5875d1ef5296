import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/test-hub';

describe('migrations and entities', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub();
  });

  afterAll(async () => {
    await hub.close();
  });

  it('leave nothing for the schema builder to generate once every migration ran', async () => {
    const pending = await hub.dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('are all recorded as applied', async () => {
    expect(await hub.dataSource.showMigrations()).toBe(false);
  });
});
