import { describe, expect, it } from 'vitest';
import { FakeClock } from '../clock/fake-clock';
import type { AppConfig } from '../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import { RolloutDriver } from './rollout-driver.service';

const config = { sharding: { shardCount: 1 }, reconcile: { intervalSeconds: 60 } } as AppConfig;

/** A driver with no rollout left to move, over a store whose RollingSync sets are `current.sets`. */
function harness() {
  const current = { sets: [] as string[] };
  const metrics = new MetricsService(config);
  const stub = <T>(methods: Record<string, unknown>) => methods as unknown as T;
  const driver = new RolloutDriver(
    stub({ listDriven: async () => [] }),
    stub({}),
    stub({}),
    stub({}),
    stub({}),
    stub({ rollingSyncNames: async () => new Set(current.sets) }),
    stub({}),
    stub({}),
    stub({}),
    new FakeClock(),
    metrics,
  );
  return { driver, current, metrics };
}

async function rolloutLines(metrics: MetricsService): Promise<string[]> {
  return (await metrics.scrape()).split('\n').filter((line) => line.startsWith('flotilla_rollout_info{'));
}

describe('RolloutDriver rollout metrics', () => {
  it("drops a deleted set's flotilla_rollout_info, and keeps the others' latest state", async () => {
    const { driver, current, metrics } = harness();
    metrics.rolloutState('web', 'Completed');
    metrics.rolloutState('api', 'Progressing');
    current.sets = ['web', 'api'];
    await driver.driveAll();
    expect(await rolloutLines(metrics)).toHaveLength(2);
    current.sets = ['api'];
    await driver.driveAll();
    expect(await rolloutLines(metrics)).toEqual(['flotilla_rollout_info{application_set="api",state="Progressing"} 1']);
  });
});
