import { Logger } from '@nestjs/common';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeClock } from '../clock/fake-clock';
import type { AppConfig } from '../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import type { ApplicationSetEntity } from '../database/entities/application-set.entity';
import { RolloutPlanner } from './rollout-planner.service';

const rollingSet = (name: string) => ({ name, generation: 1, manifest: { spec: { strategy: { type: 'RollingSync', rollingSync: { steps: [] } } } } }) as unknown as ApplicationSetEntity;

/** A planner over stores holding `current.sets`, whose every application has spec.sources (a planning failure). */
function harness() {
  const current = { sets: [] as ApplicationSetEntity[] };
  const warnings: string[] = [];
  vi.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => {
    warnings.push(String(message));
  });
  const stub = <T>(methods: Record<string, unknown>) => methods as unknown as T;
  const metrics = new MetricsService({ sharding: { shardCount: 1 }, reconcile: { intervalSeconds: 60 } } as AppConfig);
  const planner = new RolloutPlanner(
    stub({ listRollingSync: async () => current.sets, rollingSyncNames: async () => new Set(current.sets.map((set) => set.name)) }),
    stub({ listOfSet: async (set: string) => [{ name: `${set}-app`, manifest: { spec: { sources: [{ repoURL: 'https://git.local/a' }] } } }] }),
    stub({ listDriven: async () => [] }),
    stub({}),
    stub({}),
    stub({}),
    stub({}),
    stub({ credentialsOncePerRepository: () => async () => undefined }),
    new FakeClock(),
    metrics,
  );
  return { planner, current, warnings, metrics };
}

describe('RolloutPlanner failure reports', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('logs a failing set once, and forgets it when the set is deleted (a set made again under its name is reported afresh)', async () => {
    const { planner, current, warnings } = harness();
    current.sets = [rollingSet('web')];
    await planner.planAll();
    await planner.planAll();
    expect(warnings).toHaveLength(1);
    current.sets = [];
    await planner.planAll();
    current.sets = [rollingSet('web')];
    await planner.planAll();
    expect(warnings).toHaveLength(2);
  });

  it('forgets it on a pass with nothing left to plan too (hasWork, which every replica asks)', async () => {
    const { planner, current, warnings } = harness();
    current.sets = [rollingSet('web')];
    await planner.planAll();
    current.sets = [];
    expect(await planner.hasWork()).toBe(false);
    current.sets = [rollingSet('web')];
    await planner.planAll();
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toContain('ApplicationSet web: no rollout planned: web-app: a rolling sync of an application with spec.sources is not supported yet');
  });
});

describe('RolloutPlanner and flotilla_rollout_info', () => {
  const rolloutLines = async (metrics: MetricsService) => (await metrics.scrape()).split('\n').filter((line) => line.startsWith('flotilla_rollout_info{'));

  it("drops a deleted set's series at every replica's pass, also once no RollingSync set is left", async () => {
    const { planner, current, metrics } = harness();
    metrics.rolloutState('web', 'Completed');
    metrics.rolloutState('api', 'Progressing');
    current.sets = [rollingSet('web'), rollingSet('api')];
    expect(await planner.hasWork()).toBe(true);
    expect(await rolloutLines(metrics)).toHaveLength(2);
    current.sets = [rollingSet('api')];
    await planner.hasWork();
    expect(await rolloutLines(metrics)).toEqual(['flotilla_rollout_info{application_set="api",state="Progressing"} 1']);
    current.sets = [];
    expect(await planner.hasWork()).toBe(false);
    expect(await rolloutLines(metrics)).toEqual([]);
  });
});
