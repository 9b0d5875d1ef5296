import { describe, expect, it } from 'vitest';
import { GeneratorPollSchedule } from './generator-poll-schedule';

const git = (requeueAfterSeconds?: number) => [{ git: { repoURL: 'https://git.local/a', directories: [{ path: '*' }], requeueAfterSeconds } }];

describe('GeneratorPollSchedule', () => {
  it('re-expands a set whose interval is shorter than the resync once its own interval has passed', () => {
    const schedule = new GeneratorPollSchedule(180_000);
    const sets = [
      { name: 'fast', generators: git(30) },
      { name: 'slow', generators: git(600) },
      { name: 'default', generators: git() },
      { name: 'zero', generators: git(0) },
      { name: 'list', generators: [{ list: { elements: [] } }] },
    ];
    // The first sighting starts the clock (the set was expanded when it was created or at the last resync).
    expect(schedule.takeDue(sets, 0)).toEqual([]);
    expect(schedule.takeDue(sets, 20_000)).toEqual([]);
    expect(schedule.takeDue(sets, 30_000)).toEqual(['fast']);
    expect(schedule.takeDue(sets, 50_000)).toEqual([]);
    expect(schedule.takeDue(sets, 61_000)).toEqual(['fast']);
  });

  it('takes the shortest interval of a set\'s Git generators, and forgets deleted sets', () => {
    const schedule = new GeneratorPollSchedule(180_000);
    const sets = [{ name: 'two', generators: [...git(100), { matrix: { generators: [{ list: {} }, ...git(40)] } }] }];
    schedule.takeDue(sets, 0);
    expect(schedule.takeDue(sets, 40_000)).toEqual(['two']);
    schedule.takeDue([], 50_000);
    expect(schedule.takeDue(sets, 100_000)).toEqual([]);
    expect(schedule.takeDue(sets, 140_000)).toEqual(['two']);
  });

  it('polls any generator that asks for it (plugin, pullRequest, scmProvider, clusterDecisionResource)', () => {
    const schedule = new GeneratorPollSchedule(180_000);
    const sets = [
      { name: 'plugin', generators: [{ plugin: { configMapRef: { name: 'p' }, requeueAfterSeconds: 30 } }] },
      { name: 'prs', generators: [{ merge: { generators: [{ list: {} }, { pullRequest: { github: {}, requeueAfterSeconds: 60 } }] } }] },
      { name: 'untyped', generators: [{ scmProvider: { requeueAfterSeconds: '30' } }] },
    ];
    schedule.takeDue(sets, 0);
    expect(schedule.takeDue(sets, 30_000)).toEqual(['plugin']);
    expect(schedule.takeDue(sets, 60_000)).toEqual(['plugin', 'prs']);
  });

  it('says whether any set asks for polling at all (a tick with nothing to poll writes nothing)', () => {
    const schedule = new GeneratorPollSchedule(180_000);
    expect(schedule.anyPolled([{ name: 'a', generators: git() }, { name: 'b', generators: git(600) }, { name: 'c', generators: [{ list: { elements: [] } }] }])).toBe(false);
    expect(schedule.anyPolled([{ name: 'b', generators: git(600) }, { name: 'd', generators: git(30) }])).toBe(true);
  });

  it('forgets deleted sets on every tick, also one where nothing asks for polling (and takeDue is not called)', () => {
    const schedule = new GeneratorPollSchedule(180_000);
    const sets = [{ name: 'fast', generators: git(30) }];
    schedule.takeDue(sets, 0);
    // Deleted: the only set that asked for polling, so the tick stops at anyPolled.
    expect(schedule.anyPolled([])).toBe(false);
    // Made again under the same name: a first sighting, not a set polled at 0.
    expect(schedule.anyPolled(sets)).toBe(true);
    expect(schedule.takeDue(sets, 40_000)).toEqual([]);
    expect(schedule.takeDue(sets, 70_000)).toEqual(['fast']);
  });
});
