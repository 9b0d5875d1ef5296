import { describe, expect, it } from 'vitest';
import type { SyncWindow } from '../../../domain/app-project';
import { buildProject } from '../testing/builders';
import { decideSyncWindows, type SyncWindowDecision, type SyncWindowTarget, syncWindowTargetOf } from './sync-windows';

/** A window with defaults a test overrides: deny, every night 22:00–06:00 UTC, for the production namespace. */
function window(overrides: Partial<SyncWindow> = {}): SyncWindow {
  return { kind: 'deny', schedule: '0 22 * * *', duration: '8h', namespaces: ['production'], description: 'nightly freeze', ...overrides };
}

const officeHours = window({ kind: 'allow', schedule: '0 9 * * 1-5', duration: '8h', namespaces: undefined, applications: ['*'], description: 'office hours' });

const app: SyncWindowTarget = { name: 'my-api-prod-eu', namespace: 'production', cluster: { name: 'prod-eu', server: 'https://127.0.0.1:6443' } };

// 2026-01-05 is a Monday.
const MONDAY_23H = '2026-01-05T23:00:00Z';

describe('decideSyncWindows', () => {
  const rows: {
    name: string;
    windows?: SyncWindow[];
    target?: SyncWindowTarget;
    now?: string;
    manual?: boolean;
    want: Partial<Omit<SyncWindowDecision, 'opensAt' | 'reason'>> & { reason?: RegExp; opensAt?: string };
  }[] = [
    // Which windows apply.
    { name: 'no windows', windows: undefined, want: { allowed: true, reason: /no sync window applies/ } },
    { name: 'a window for other applications does not apply', windows: [window({ namespaces: undefined, applications: ['billing-*'] })], want: { allowed: true, reason: /no sync window applies/ } },
    { name: 'a window without lists applies to nothing', windows: [window({ namespaces: [] })], want: { allowed: true } },
    { name: 'application glob', windows: [window({ namespaces: undefined, applications: ['my-api-*'] })], want: { allowed: false } },
    { name: 'lists are ORed: one matching list is enough', windows: [window({ applications: ['billing'], clusters: ['staging-*'] })], want: { allowed: false } },
    { name: 'andOperator: every set list must match (namespace misses)', windows: [window({ applications: ['my-api-*'], namespaces: ['staging'], andOperator: true })], want: { allowed: true } },
    { name: 'andOperator: every set list matches', windows: [window({ applications: ['my-api-*'], namespaces: ['prod*'], andOperator: true })], want: { allowed: false } },
    { name: 'clusters match the destination cluster name', windows: [window({ namespaces: undefined, clusters: ['prod-*'] })], want: { allowed: false } },
    { name: 'clusters match the destination server', windows: [window({ namespaces: undefined, clusters: ['https://127.0.0.1:*'] })], want: { allowed: false } },
    { name: 'clusters: no name or server matches', windows: [window({ namespaces: undefined, clusters: ['staging-*'] })], want: { allowed: true } },
    { name: 'a leading ! is a literal, not a negation', windows: [window({ namespaces: ['!staging'] })], want: { allowed: true } },
    // Deny windows.
    { name: 'an open deny window blocks until it closes', windows: [window()], want: { allowed: false, blockedBy: 'nightly freeze', reason: /deny window "nightly freeze" is open/, opensAt: '2026-01-06T06:00:00.000Z' } },
    { name: 'a closed deny window allows', windows: [window()], now: '2026-01-05T12:00:00Z', want: { allowed: true, reason: /no deny window is open/ } },
    { name: 'an open deny window blocks a manual sync without manualSync', windows: [window()], manual: true, want: { allowed: false, blockedBy: 'nightly freeze' } },
    { name: 'manualSync lets a manual sync through an open deny window', windows: [window({ manualSync: true })], manual: true, want: { allowed: true, reason: /allows manual sync/ } },
    { name: 'manualSync does not let an automated sync through', windows: [window({ manualSync: true })], want: { allowed: false } },
    {
      name: 'a manual sync needs manualSync on every open deny window',
      windows: [window({ manualSync: true }), window({ schedule: '0 20 * * *', description: 'release train' })],
      manual: true,
      want: { allowed: false, blockedBy: 'release train', opensAt: '2026-01-06T04:00:00.000Z' },
    },
    { name: 'a window without description is named by its schedule', windows: [window({ description: undefined, timeZone: 'Europe/Berlin' })], want: { allowed: false, blockedBy: '0 22 * * * for 8h (Europe/Berlin)' } },
    // Allow windows.
    { name: 'an open allow window allows', windows: [officeHours], now: '2026-01-05T10:00:00Z', want: { allowed: true, reason: /allow window "office hours" is open/ } },
    { name: 'a closed allow window blocks until it opens', windows: [officeHours], want: { allowed: false, blockedBy: 'office hours', reason: /allow window "office hours" is closed/, opensAt: '2026-01-06T09:00:00.000Z' } },
    { name: 'on a Friday night the allow window opens on Monday', windows: [officeHours], now: '2026-01-09T20:00:00Z', want: { allowed: false, opensAt: '2026-01-12T09:00:00.000Z' } },
    { name: 'manualSync lets a manual sync through a closed allow window', windows: [{ ...officeHours, manualSync: true }], manual: true, want: { allowed: true, reason: /allow manual sync/ } },
    {
      name: 'several closed allow windows are all named',
      windows: [officeHours, window({ kind: 'allow', schedule: '0 12 * * 6', description: 'saturday noon' })],
      want: { allowed: false, reason: /no allow window is open \("office hours", "saturday noon"\)/, opensAt: '2026-01-06T09:00:00.000Z' },
    },
    // Both kinds.
    { name: 'an open deny window wins over an open allow window', windows: [window({ kind: 'allow', schedule: '0 0 * * *', duration: '24h', description: 'always' }), window()], want: { allowed: false, blockedBy: 'nightly freeze' } },
    { name: 'a closed deny window and a closed allow window: blocked by the allow window', windows: [window(), officeHours], now: '2026-01-05T20:00:00Z', want: { allowed: false, blockedBy: 'office hours', opensAt: '2026-01-06T09:00:00.000Z' } },
    { name: 'opens when the deny window has closed and an allow window is open', windows: [window(), officeHours], want: { allowed: false, blockedBy: 'nightly freeze', opensAt: '2026-01-06T09:00:00.000Z' } },
    {
      name: 'an allow window opening inside the deny window: opens when the deny window closes',
      windows: [window(), window({ kind: 'allow', schedule: '0 5 * * *', duration: '4h', description: 'early' })],
      want: { allowed: false, opensAt: '2026-01-06T06:00:00.000Z' },
    },
    {
      name: 'a five-minutely deny window over office hours: opens when it closes on Monday morning',
      windows: [officeHours, window({ schedule: '*/5 * * * *', duration: '1m', description: 'health checks' })],
      now: '2026-01-09T20:02:00Z',
      want: { allowed: false, blockedBy: 'office hours', opensAt: '2026-01-12T09:01:00.000Z' },
    },
    { name: 'a deny window that never closes: no opening within a week', windows: [window({ schedule: '* * * * *', duration: '1h' })], want: { allowed: false, opensAt: undefined } },
    { name: 'an allow window more than a week away: no opening given', windows: [window({ kind: 'allow', schedule: '0 0 1 6 *', description: 'june' })], want: { allowed: false, blockedBy: 'june', opensAt: undefined } },
    // Time zones: each occurrence in its own offset.
    {
      name: 'Berlin: a night freeze from 22:00 CET still holds at 06:50 CEST after the March change (Argo CD: open since 06:00)',
      windows: [window({ timeZone: 'Europe/Berlin' })],
      now: '2026-03-29T04:50:00Z',
      want: { allowed: false, opensAt: '2026-03-29T05:00:00.000Z' },
    },
    {
      name: 'Berlin: before the October change the freeze closes at 05:00 CET, 8 h after 22:00 CEST',
      windows: [window({ timeZone: 'Europe/Berlin' })],
      now: '2026-10-24T23:00:00Z',
      want: { allowed: false, opensAt: '2026-10-25T04:00:00.000Z' },
    },
    {
      name: 'New York: office hours open at 09:00 EDT on the Monday after the March change',
      windows: [{ ...officeHours, timeZone: 'America/New_York' }],
      now: '2026-03-07T12:00:00Z',
      want: { allowed: false, opensAt: '2026-03-09T13:00:00.000Z' },
    },
    // Invalid windows (stored before validation) block, as in Argo CD.
    { name: 'an invalid applicable window blocks', windows: [window({ schedule: '0 25 * * *' })], want: { allowed: false, blockedBy: 'nightly freeze', reason: /is invalid: schedule: hour field/, opensAt: undefined } },
    { name: 'an invalid window that does not apply is ignored', windows: [window({ schedule: 'nope', namespaces: ['billing'] })], want: { allowed: true } },
  ];

  it.each(rows)('$name', ({ windows, target, now, manual, want }) => {
    const decision = decideSyncWindows(buildProject({ syncWindows: windows }), target ?? app, new Date(now ?? MONDAY_23H), { manual });
    const { reason, opensAt, ...rest } = want;
    expect(decision).toMatchObject(rest);
    if (reason) expect(decision.reason).toMatch(reason);
    if ('opensAt' in want) expect(decision.opensAt?.toISOString()).toBe(opensAt);
  });

  it('is pure: the same inputs give the same decision, and the project is not changed', () => {
    const project = buildProject({ syncWindows: [window(), officeHours] });
    const before = structuredClone(project);
    const first = decideSyncWindows(project, app, new Date(MONDAY_23H));
    expect(decideSyncWindows(project, app, new Date(MONDAY_23H))).toEqual(first);
    expect(project).toEqual(before);
  });
});

describe('syncWindowTargetOf', () => {
  it('names the cluster by its registered server when known, else by the server the destination spells out', () => {
    expect(syncWindowTargetOf('api-prod', { namespace: 'api' }, { name: 'prod', server: 'https://127.0.0.1:6443' })).toEqual({ name: 'api-prod', namespace: 'api', cluster: { name: 'prod', server: 'https://127.0.0.1:6443' } });
    expect(syncWindowTargetOf('api-prod', { server: 'https://127.0.0.1:7443', namespace: 'api' }, { name: 'prod' })).toEqual({ name: 'api-prod', namespace: 'api', cluster: { name: 'prod', server: 'https://127.0.0.1:7443' } });
  });
});
