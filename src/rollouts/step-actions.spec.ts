import { describe, expect, it } from 'vitest';
import type { StepSettings } from '../domain/rollout';
import type { SyncWindowDecision } from '../projects/rules';
import type { AppObservation, RolloutActions, RolloutRecord, StepRecord, TargetRecord } from './model';
import { nextStepActions, type StepActionInput } from './step-actions';

const T0 = new Date('2026-06-01T10:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const MINUTE = 60;

const settings = (over: Partial<StepSettings> = {}): StepSettings => ({
  matchExpressions: [],
  bake: '0s',
  bakeMs: 0,
  progressDeadline: '10m',
  progressDeadlineMs: 600_000,
  maxFailures: 0,
  approval: false,
  ...over,
});
const rollout = (over: Partial<RolloutRecord> = {}): RolloutRecord => ({ id: 'r1', state: 'Progressing', reason: null, onFailure: 'halt', createdAt: T0, finishedAt: null, ...over });
const step = (index: number, over: Partial<StepRecord> = {}): StepRecord => ({
  index,
  settings: settings(),
  state: 'Waiting',
  message: null,
  startedAt: null,
  healthySince: null,
  completedAt: null,
  approvedAt: null,
  ...over,
});
const running = (index: number, over: Partial<StepRecord> = {}) => step(index, { state: 'Progressing', startedAt: at(0), ...over });
const target = (application: string, stepIndex: number | null, over: Partial<TargetRecord> = {}): TargetRecord => ({
  id: application,
  application,
  cluster: `cluster-${application}`,
  step: stepIndex,
  revision: 'new-sha',
  previousRevision: 'old-sha',
  state: 'Waiting',
  syncRun: null,
  eligibleAt: null,
  healthySince: null,
  message: null,
  lastTransitionAt: T0,
  ...over,
});

/** An application's status after a sync of `revision` that started `startedAt`. */
const app = (over: { revision?: string; sync?: 'Synced' | 'OutOfSync'; health?: AppObservation['health']['status']; phase?: 'Succeeded' | 'Failed' | 'Error' | 'Running'; startedAt?: Date; retry?: AppObservation['retry']; unreachable?: string } = {}): AppObservation => {
  const revision = over.revision ?? 'new-sha';
  return {
    sync: { status: over.sync ?? 'Synced', revision },
    health: { status: over.health ?? 'Healthy', ...(over.health === 'Degraded' ? { message: 'Deployment "my-api" exceeded its progress deadline' } : {}) },
    conditions: over.unreachable ? [{ type: 'ComparisonError', message: over.unreachable, lastTransitionTime: T0.toISOString() }] : [],
    operationState: { phase: over.phase ?? 'Succeeded', message: over.phase === 'Failed' ? 'one or more objects failed to apply' : 'ok', trigger: 'rollout', revision, syncRunId: 'run', startedAt: (over.startedAt ?? at(1)).toISOString() },
    ...(over.retry ? { retry: over.retry } : {}),
  };
};
const HEALTHY = app();
const SYNCING = app({ sync: 'Synced', health: 'Progressing' });
const ALLOWED: SyncWindowDecision = { allowed: true, reason: 'no sync window applies' };

interface Row {
  name: string;
  rollout?: Partial<RolloutRecord>;
  steps: StepRecord[];
  targets: TargetRecord[];
  apps?: Record<string, AppObservation>;
  now?: Date;
  windows?: Record<string, SyncWindowDecision>;
  expected: Summary;
}

interface Summary {
  rollout?: string;
  steps?: Record<number, string>;
  targets?: Record<string, string>;
  events?: string[];
}

function run(row: Pick<Row, 'rollout' | 'steps' | 'targets' | 'apps' | 'now' | 'windows'>): RolloutActions {
  const input: StepActionInput = {
    rollout: rollout(row.rollout),
    steps: row.steps,
    targets: row.targets,
    apps: new Map(Object.entries(row.apps ?? {})),
    now: row.now ?? at(2 * MINUTE),
    windowFor: (t) => row.windows?.[t.application] ?? ALLOWED,
  };
  return nextStepActions(input);
}

/** The new states only: rollout, steps by number (1-based) and targets by application. */
function summarize(actions: RolloutActions): Summary {
  const summary: Summary = {};
  if (actions.rollout?.patch.state) summary.rollout = actions.rollout.patch.state;
  const steps = Object.fromEntries(actions.steps.filter((s) => s.patch.state).map((s) => [s.index + 1, s.patch.state!]));
  if (Object.keys(steps).length > 0) summary.steps = steps;
  const targets = Object.fromEntries(actions.targets.filter((t) => t.patch.state).map((t) => [t.id, t.patch.state!]));
  if (Object.keys(targets).length > 0) summary.targets = targets;
  if (actions.events.length > 0) summary.events = actions.events.map((event) => event.action);
  return summary;
}

const three = (stepIndex: number, over: Partial<TargetRecord> = {}) => ['a', 'b', 'c'].map((name) => target(name, stepIndex, over));

describe('nextStepActions', () => {
  it.each<Row>([
    {
      name: 'starts the first step and makes all of it Pending when maxUpdate is unset',
      steps: [step(0), step(1)],
      targets: [target('staging', 0), target('prod-eu', 1), target('prod-us', 1)],
      expected: { steps: { 1: 'Progressing' }, targets: { staging: 'Pending' }, events: ['StepStarted'] },
    },
    { name: 'maxUpdate 1 makes one of three Pending', steps: [running(0, { settings: settings({ maxUpdate: 1 }) })], targets: three(0), expected: { targets: { a: 'Pending' } } },
    { name: 'maxUpdate 50% of three rounds down to 1', steps: [running(0, { settings: settings({ maxUpdate: '50%' }) })], targets: three(0), expected: { targets: { a: 'Pending' } } },
    { name: 'maxUpdate 70% of three rounds down to 2', steps: [running(0, { settings: settings({ maxUpdate: '70%' }) })], targets: three(0), expected: { targets: { a: 'Pending', b: 'Pending' } } },
    { name: 'maxUpdate 10% of three is never below 1', steps: [running(0, { settings: settings({ maxUpdate: '10%' }) })], targets: three(0), expected: { targets: { a: 'Pending' } } },
    { name: 'maxUpdate 0 makes nothing Pending', steps: [running(0, { settings: settings({ maxUpdate: 0 }) })], targets: three(0), expected: {} },
    { name: 'maxUpdate 0% makes nothing Pending', steps: [running(0, { settings: settings({ maxUpdate: '0%' }) })], targets: three(0), expected: {} },
    {
      name: 'the budget counts Pending and Progressing: no room while one is under way',
      steps: [running(0, { settings: settings({ maxUpdate: 1 }) })],
      targets: [target('a', 0, { state: 'Progressing', eligibleAt: at(0) }), target('b', 0)],
      apps: { a: SYNCING },
      expected: {},
    },
    {
      name: 'a target that turns Healthy frees its place in the budget in the same pass',
      steps: [running(0, { settings: settings({ maxUpdate: 1 }) })],
      targets: [target('a', 0, { state: 'Progressing', eligibleAt: at(0) }), target('b', 0)],
      apps: { a: HEALTHY },
      expected: { targets: { a: 'Healthy', b: 'Pending' } },
    },
    {
      name: 'never starts a step before the one before it is Completed',
      steps: [running(0), step(1)],
      targets: [target('staging', 0, { state: 'Progressing', eligibleAt: at(0) }), target('prod', 1)],
      apps: { staging: SYNCING },
      expected: {},
    },
    {
      name: 'a Healthy status of the previous revision never counts (Argo CD #29410)',
      steps: [running(0), step(1)],
      targets: [target('staging', 0, { state: 'Progressing', eligibleAt: at(0) }), target('prod', 1)],
      apps: { staging: app({ revision: 'old-sha' }) },
      expected: {},
    },
    {
      name: 'a sync of the frozen revision from before this rollout never counts',
      steps: [running(0), step(1)],
      targets: [target('staging', 0, { state: 'Progressing', eligibleAt: at(0) }), target('prod', 1)],
      apps: { staging: app({ startedAt: at(-60) }) },
      expected: {},
    },
    {
      name: 'the frozen revision applied, Synced and Healthy completes the step and starts the next in one pass',
      steps: [running(0), step(1)],
      targets: [target('staging', 0, { state: 'Progressing', eligibleAt: at(0) }), target('prod', 1)],
      apps: { staging: HEALTHY },
      expected: { steps: { 1: 'Completed', 2: 'Progressing' }, targets: { staging: 'Healthy', prod: 'Pending' }, events: ['StepCompleted', 'StepStarted'] },
    },
    {
      name: 'completes the rollout once every step is Completed',
      steps: [step(0, { state: 'Completed' }), running(1)],
      targets: [target('staging', 0, { state: 'Healthy', healthySince: at(10) }), target('prod', 1, { state: 'Progressing', eligibleAt: at(10) })],
      apps: { prod: HEALTHY },
      expected: { rollout: 'Completed', steps: { 2: 'Completed' }, targets: { prod: 'Healthy' }, events: ['StepCompleted', 'Completed'] },
    },
    {
      name: 'bake: a step Healthy for less than its bake time waits',
      steps: [running(0, { settings: settings({ bake: '5m', bakeMs: 300_000 }) }), step(1)],
      targets: [target('staging', 0, { state: 'Healthy', healthySince: at(MINUTE) }), target('prod', 1)],
      apps: { staging: HEALTHY },
      now: at(5 * MINUTE),
      expected: {},
    },
    {
      name: 'bake: the step completes once every application stayed Healthy for the bake time',
      steps: [running(0, { settings: settings({ bake: '5m', bakeMs: 300_000 }) }), step(1)],
      targets: [target('staging', 0, { state: 'Healthy', healthySince: at(MINUTE) }), target('prod', 1)],
      apps: { staging: HEALTHY },
      now: at(6 * MINUTE),
      expected: { steps: { 1: 'Completed', 2: 'Progressing' }, targets: { prod: 'Pending' }, events: ['StepCompleted', 'StepStarted'] },
    },
    {
      name: 'bake restarts when an application leaves Healthy',
      steps: [running(0, { settings: settings({ bake: '5m', bakeMs: 300_000 }), healthySince: at(MINUTE) }), step(1)],
      targets: [target('staging', 0, { state: 'Healthy', healthySince: at(MINUTE) }), target('prod', 1)],
      apps: { staging: SYNCING },
      now: at(4 * MINUTE),
      expected: { targets: { staging: 'Progressing' } },
    },
    {
      name: 'Degraded after the sync fails the application and halts the rollout (maxFailures 0)',
      steps: [running(0), step(1)],
      targets: [target('staging', 0, { state: 'Progressing', eligibleAt: at(0) }), target('prod', 1)],
      apps: { staging: app({ health: 'Degraded' }) },
      expected: { rollout: 'Halted', steps: { 1: 'Failed' }, targets: { staging: 'Failed' }, events: ['ApplicationFailed', 'Halted'] },
    },
    {
      name: 'a failed sync with a retry left keeps the application Progressing',
      steps: [running(0)],
      targets: [target('staging', 0, { state: 'Progressing', eligibleAt: at(0) })],
      apps: { staging: app({ phase: 'Failed', sync: 'OutOfSync', retry: { attempts: 1, nextAttemptAt: at(3 * MINUTE).toISOString(), revision: 'new-sha' } }) },
      expected: {},
    },
    {
      name: 'a failed sync with no retry left fails the application',
      steps: [running(0)],
      targets: [target('staging', 0, { state: 'Progressing', eligibleAt: at(0) })],
      apps: { staging: app({ phase: 'Error', sync: 'OutOfSync' }) },
      expected: { rollout: 'Halted', steps: { 1: 'Failed' }, targets: { staging: 'Failed' }, events: ['ApplicationFailed', 'Halted'] },
    },
    {
      name: 'an application of an offline cluster waits before the progress deadline',
      steps: [running(0)],
      targets: [target('prod', 0, { state: 'Progressing', eligibleAt: at(0) })],
      apps: { prod: app({ health: 'Unknown', unreachable: 'connect ECONNREFUSED 127.0.0.1:9' }) },
      now: at(9 * MINUTE),
      expected: {},
    },
    {
      name: 'an application of an offline cluster counts against the progress deadline',
      steps: [running(0)],
      targets: [target('prod', 0, { state: 'Progressing', eligibleAt: at(0) })],
      apps: { prod: app({ health: 'Unknown', unreachable: 'connect ECONNREFUSED 127.0.0.1:9' }) },
      now: at(10 * MINUTE),
      expected: { rollout: 'Halted', steps: { 1: 'Failed' }, targets: { prod: 'Failed' }, events: ['ApplicationFailed', 'Halted'] },
    },
    {
      name: 'a Pending application that never starts fails at the progress deadline',
      steps: [running(0)],
      targets: [target('prod', 0, { state: 'Pending', eligibleAt: at(0) })],
      apps: { prod: app({ revision: 'old-sha', startedAt: at(-600) }) },
      now: at(10 * MINUTE),
      expected: { rollout: 'Halted', steps: { 1: 'Failed' }, targets: { prod: 'Failed' }, events: ['ApplicationFailed', 'Halted'] },
    },
    {
      name: 'maxFailures 1 tolerates one failure and the step completes',
      steps: [running(0, { settings: settings({ maxFailures: 1 }) }), step(1)],
      targets: [target('a', 0, { state: 'Progressing', eligibleAt: at(0) }), target('b', 0, { state: 'Healthy', healthySince: at(30) }), target('prod', 1)],
      apps: { a: app({ health: 'Degraded' }), b: HEALTHY },
      expected: { steps: { 1: 'Completed', 2: 'Progressing' }, targets: { a: 'Failed', prod: 'Pending' }, events: ['ApplicationFailed', 'StepCompleted', 'StepStarted'] },
    },
    {
      name: 'maxFailures 1: a second failure halts',
      steps: [running(0, { settings: settings({ maxFailures: 1 }) }), step(1)],
      targets: [target('a', 0, { state: 'Failed' }), target('b', 0, { state: 'Progressing', eligibleAt: at(0) }), target('prod', 1)],
      apps: { b: app({ health: 'Degraded' }) },
      expected: { rollout: 'Halted', steps: { 1: 'Failed' }, targets: { b: 'Failed' }, events: ['ApplicationFailed', 'Halted'] },
    },
    {
      name: 'a halt puts the applications not started back to Waiting',
      steps: [running(0, { settings: settings({ maxUpdate: 2 }) })],
      targets: [target('a', 0, { state: 'Progressing', eligibleAt: at(0) }), target('b', 0, { state: 'Pending', eligibleAt: at(0) })],
      apps: { a: app({ health: 'Degraded' }), b: app({ revision: 'old-sha', startedAt: at(-600) }) },
      expected: { rollout: 'Halted', steps: { 1: 'Failed' }, targets: { a: 'Failed', b: 'Waiting' }, events: ['ApplicationFailed', 'Halted'] },
    },
    {
      name: 'onFailure rollback: every updated application goes back to its previous revision, if it had one',
      rollout: { onFailure: 'rollback' },
      steps: [step(0, { state: 'Completed' }), running(1)],
      targets: [
        target('staging', 0, { state: 'Healthy', healthySince: at(10) }),
        target('prod-eu', 1, { state: 'Progressing', eligibleAt: at(20) }),
        target('prod-new', 1, { state: 'Healthy', healthySince: at(30), previousRevision: null }),
        target('prod-us', 1),
      ],
      apps: { 'prod-eu': app({ health: 'Degraded' }), 'prod-new': HEALTHY },
      expected: { rollout: 'Halted', steps: { 2: 'Failed' }, targets: { staging: 'RolledBack', 'prod-eu': 'RolledBack' }, events: ['ApplicationFailed', 'Halted', 'RolledBack'] },
    },
    {
      name: 'approval: a step that needs it waits, and so does the rollout',
      steps: [step(0, { settings: settings({ approval: true }) })],
      targets: [target('prod', 0)],
      expected: { rollout: 'WaitingForApproval', steps: { 1: 'WaitingForApproval' } },
    },
    {
      name: 'approval: an approved step starts',
      steps: [step(0, { settings: settings({ approval: true }), approvedAt: at(MINUTE) })],
      targets: [target('prod', 0)],
      expected: { steps: { 1: 'Progressing' }, targets: { prod: 'Pending' }, events: ['StepStarted'] },
    },
    {
      name: 'a sync window that blocks one application of a step holds the whole step',
      steps: [step(0)],
      targets: [target('prod-eu', 0), target('prod-us', 0)],
      windows: { 'prod-us': { allowed: false, reason: 'deny window "freeze" is open', blockedBy: 'freeze', opensAt: at(60 * MINUTE) } },
      expected: { steps: { 1: 'Blocked' } },
    },
    {
      name: 'paused: syncs under way are judged, nothing new becomes Pending, and a Pending deadline does not run',
      rollout: { state: 'Paused' },
      steps: [running(0, { settings: settings({ maxUpdate: 1 }) })],
      targets: [target('a', 0, { state: 'Progressing', eligibleAt: at(0) }), target('b', 0, { state: 'Pending', eligibleAt: at(0) }), target('c', 0)],
      apps: { a: HEALTHY },
      now: at(11 * MINUTE),
      expected: { targets: { a: 'Healthy' } },
    },
    {
      name: 'aborted: only syncs under way are watched',
      rollout: { state: 'Aborted' },
      steps: [running(0)],
      targets: [target('a', 0, { state: 'Progressing', eligibleAt: at(0) }), target('b', 0)],
      apps: { a: HEALTHY },
      expected: { targets: { a: 'Healthy' } },
    },
    { name: 'a Completed rollout does nothing', rollout: { state: 'Completed' }, steps: [running(0)], targets: [target('a', 0, { state: 'Progressing' })], apps: { a: HEALTHY }, expected: {} },
    { name: 'a Superseded rollout does nothing', rollout: { state: 'Superseded' }, steps: [running(0)], targets: [target('a', 0, { state: 'Progressing' })], apps: { a: HEALTHY }, expected: {} },
    {
      name: 'an application matching no step is left alone and does not hold the rollout',
      steps: [running(0)],
      targets: [target('a', 0, { state: 'Progressing', eligibleAt: at(0) }), target('stray', null)],
      apps: { a: HEALTHY, stray: app({ revision: 'old-sha' }) },
      expected: { rollout: 'Completed', steps: { 1: 'Completed' }, targets: { a: 'Healthy' }, events: ['StepCompleted', 'Completed'] },
    },
    {
      name: 'maxUpdate 0: an application synced by hand at the frozen revision counts as Healthy',
      steps: [running(0, { settings: settings({ maxUpdate: 0 }) })],
      targets: [target('a', 0)],
      apps: { a: app({ startedAt: at(MINUTE) }) },
      expected: { rollout: 'Completed', steps: { 1: 'Completed' }, targets: { a: 'Healthy' }, events: ['StepCompleted', 'Completed'] },
    },
    {
      name: 'an application deleted during the rollout fails',
      steps: [running(0)],
      targets: [target('gone', 0, { state: 'Progressing', eligibleAt: at(0) })],
      expected: { rollout: 'Halted', steps: { 1: 'Failed' }, targets: { gone: 'Failed' }, events: ['ApplicationFailed', 'Halted'] },
    },
  ])('$name', (row) => {
    expect(summarize(run(row))).toEqual(row.expected);
  });

  it('names the application and the cluster when it halts', () => {
    const actions = run({ steps: [running(0)], targets: [target('my-api-staging', 0, { state: 'Progressing', eligibleAt: at(0) })], apps: { 'my-api-staging': app({ health: 'Degraded' }) } });
    expect(actions.rollout?.patch.reason).toBe('step 1 failed: my-api-staging on cluster cluster-my-api-staging: Degraded: Deployment "my-api" exceeded its progress deadline');
  });

  it('names the offline cluster when the progress deadline passes', () => {
    const actions = run({
      steps: [running(0)],
      targets: [target('prod', 0, { state: 'Progressing', eligibleAt: at(0) })],
      apps: { prod: app({ health: 'Unknown', unreachable: 'connect ECONNREFUSED 127.0.0.1:9' }) },
      now: at(10 * MINUTE),
    });
    expect(actions.targets[0].patch.message).toBe(
      'not Healthy within the progress deadline (10m): prod on cluster cluster-prod: health Unknown, the cluster cannot be read (connect ECONNREFUSED 127.0.0.1:9)',
    );
  });

  it('says which window blocks a step and when it opens', () => {
    const actions = run({
      steps: [step(0)],
      targets: [target('prod-us', 0)],
      windows: { 'prod-us': { allowed: false, reason: 'deny window "freeze" is open', blockedBy: 'freeze', opensAt: at(60 * MINUTE) } },
    });
    expect(actions.rollout?.patch.reason).toBe(`step 1 cannot start: prod-us on cluster cluster-prod-us: blocked by sync window: deny window "freeze" is open; it can run from ${at(60 * MINUTE).toISOString()}`);
  });

  it('keeps the bake clock on the step and says until when it bakes', () => {
    const actions = run({
      steps: [running(0, { settings: settings({ bake: '5m', bakeMs: 300_000 }) })],
      targets: [target('a', 0, { state: 'Progressing', eligibleAt: at(0) })],
      apps: { a: HEALTHY },
      now: at(2 * MINUTE),
    });
    expect(actions.steps[0].patch).toEqual({ healthySince: at(2 * MINUTE), message: `baking until ${at(7 * MINUTE).toISOString()}` });
  });

  it('restarts the deadline clock of an application that left Healthy', () => {
    const actions = run({
      steps: [running(0, { settings: settings({ bake: '5m', bakeMs: 300_000 }) })],
      targets: [target('a', 0, { state: 'Healthy', healthySince: at(MINUTE) })],
      apps: { a: SYNCING },
      now: at(3 * MINUTE),
    });
    expect(actions.targets[0].patch).toMatchObject({ state: 'Progressing', eligibleAt: at(3 * MINUTE), healthySince: null, lastTransitionAt: at(3 * MINUTE) });
  });

  it('tells the shard owner that a rollback sync is due (no sync run)', () => {
    const actions = run({
      rollout: { onFailure: 'rollback' },
      steps: [running(0)],
      targets: [target('a', 0, { state: 'Progressing', eligibleAt: at(0), syncRun: 'run-1' })],
      apps: { a: app({ health: 'Degraded' }) },
    });
    expect(actions.targets.at(-1)?.patch).toMatchObject({ state: 'RolledBack', syncRun: null, message: expect.stringMatching(/^rolled back to old-sha after: a on cluster cluster-a: Degraded/) });
  });

  it('writes only what changed, each change with the state it was computed from', () => {
    const actions = run({ steps: [running(0, { settings: settings({ maxUpdate: 1 }) })], targets: [target('a', 0, { state: 'Progressing', eligibleAt: at(0) }), target('b', 0)], apps: { a: SYNCING } });
    expect(actions).toEqual({ steps: [], targets: [{ id: 'a', from: 'Progressing', patch: { message: 'a on cluster cluster-a: Synced and Progressing' } }], events: [] });
  });
});
