import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Logger } from '@nestjs/common';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeClock } from '../clock/fake-clock';
import type { AppConfig } from '../config/app-config';
import type { Principal } from '../domain/roles';
import type { PolicyReloadRecorder } from '../metrics/recorders';
import type { ProjectRepository } from '../repositories/project.repository';
import { AccessPolicyService } from './access-policy.service';
import { HubPolicyReload, type PolicyFileCheck, POLICY_FILE_SETTLE_MS, POLICY_FILE_SETTLE_TIMER } from './hub-policy-reload.service';

const VIEWER: Principal = { kind: 'token', name: 'auditor', role: 'viewer' };
const SOME_LINE = 'p, role:ci, projects, get, *, allow\n';
const VIEWER_READS_TOKENS = 'p, role:readonly, tokens, get, *, allow\n';
/** Grants the viewer tokens and still names role:ci (a default role must be a subject of the policy). */
const GOOD = `${VIEWER_READS_TOKENS}${SOME_LINE}`;
const BROKEN = 'p, role:readonly, tokens, get\n';
/** Viewers may not read projects: a deny line after an allow, as a real policy narrows what it granted. */
const VIEWERS_NO_PROJECTS = `${SOME_LINE}p, role:readonly, projects, get, *, deny\n`;

/**
 * Project roles that never change; `listRoles` may be held back (its first call only) to put a reload in the middle
 * of a build, and counts its calls: one per enforcer built.
 */
function projectsWithoutRoles(hold?: Promise<void>): ProjectRepository & { builds: number } {
  const projects = {
    builds: 0,
    rolesDigest: async () => 'no-roles',
    listRoles: async () => {
      projects.builds += 1;
      if (projects.builds === 1) await hold;
      return [];
    },
  };
  return projects as unknown as ProjectRepository & { builds: number };
}

describe('HubPolicyReload', () => {
  let dir: string;
  let file: string;
  let access: AccessPolicyService;
  let reload: HubPolicyReload;
  let clock: FakeClock;
  let inForce: boolean[];
  let errors: string[];

  const setUp = (projects: ProjectRepository = projectsWithoutRoles(), defaultRole?: string) => {
    const config = { access: { policyFile: file, matchMode: 'glob', policyFileCheckSeconds: 30, defaultRole } } as AppConfig;
    access = new AccessPolicyService(config, projects);
    access.onModuleInit();
    const metrics: PolicyReloadRecorder = { policyFileChecked: (value) => inForce.push(value) };
    reload = new HubPolicyReload(config, access, metrics, clock);
  };
  const viewerReadsTokens = async () => (await access.decider(VIEWER)).can('tokens', 'get', '*');
  const viewerReadsProjects = async () => (await access.decider(VIEWER)).can('projects', 'get', 'web');
  /** A check that sees a new content, then the re-read the clock runs POLICY_FILE_SETTLE_MS later: what that decided. */
  const checkAndReread = async (): Promise<PolicyFileCheck | undefined> => {
    await expect(reload.check()).resolves.toBe('settling');
    await clock.advanceToNext(POLICY_FILE_SETTLE_TIMER);
    return reload.settled();
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flotilla-policy-reload-'));
    file = path.join(dir, 'policy.csv');
    fs.writeFileSync(file, SOME_LINE);
    clock = new FakeClock('2026-03-10T12:00:00Z');
    inForce = [];
    errors = [];
    vi.spyOn(Logger.prototype, 'error').mockImplementation((message: unknown) => {
      errors.push(String(message));
    });
    vi.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    setUp();
  });

  afterEach(() => {
    vi.restoreAllMocks();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('changes nothing while the file holds the text in force, rewritten or not', async () => {
    await expect(reload.check()).resolves.toBe('unchanged');
    fs.writeFileSync(file, SOME_LINE);
    await expect(reload.check()).resolves.toBe('unchanged');
    expect(inForce).toEqual([true, true]);
    expect(clock.pendingTimers()).toEqual([]);
  });

  it('puts a new valid text in force once a re-read a moment later finds the same bytes, and the next decider is built from it', async () => {
    expect(await viewerReadsTokens()).toBe(false);
    fs.writeFileSync(file, VIEWER_READS_TOKENS);
    await expect(reload.check()).resolves.toBe('settling');
    expect(await viewerReadsTokens()).toBe(false);
    expect(inForce).toEqual([]);
    // The re-read is on the clock, POLICY_FILE_SETTLE_MS later, not at the next periodic check.
    await clock.advance(POLICY_FILE_SETTLE_MS - 1);
    expect(clock.pendingTimers()).toEqual([POLICY_FILE_SETTLE_TIMER]);
    await clock.advance(1);
    await expect(reload.settled()).resolves.toBe('reloaded');
    expect(await viewerReadsTokens()).toBe(true);
    expect(inForce).toEqual([true]);
  });

  it('never puts in force a file caught mid-write: emptied, or refilled up to a line boundary only', async () => {
    fs.writeFileSync(file, VIEWERS_NO_PROJECTS);
    await expect(checkAndReread()).resolves.toBe('reloaded');
    expect(await viewerReadsProjects()).toBe(false);
    // `cat new > policy.csv`, caught by a check after the truncation, then by the re-read after the first line only.
    fs.writeFileSync(file, '');
    await expect(reload.check()).resolves.toBe('settling');
    fs.writeFileSync(file, SOME_LINE);
    await clock.advanceToNext(POLICY_FILE_SETTLE_TIMER);
    await expect(reload.settled()).resolves.toBe('settling');
    expect(await viewerReadsProjects()).toBe(false);
    // The writer finishes (the same text with a comment): the next periodic check sees it, its re-read confirms it.
    const next = `${VIEWERS_NO_PROJECTS}# reviewed\n`;
    fs.writeFileSync(file, next);
    await expect(checkAndReread()).resolves.toBe('reloaded');
    expect(await viewerReadsProjects()).toBe(false);
    expect(access.hubPolicyInForce.rules).toHaveLength(2);
    expect(errors).toEqual([]);
  });

  it('refuses an empty file on a reload, however long it stays empty: the policy in force is kept', async () => {
    fs.writeFileSync(file, VIEWERS_NO_PROJECTS);
    await expect(checkAndReread()).resolves.toBe('reloaded');
    fs.writeFileSync(file, ' \n');
    await expect(checkAndReread()).resolves.toBe('kept');
    await expect(reload.check()).resolves.toBe('kept');
    expect(await viewerReadsProjects()).toBe(false);
    expect(inForce).toEqual([true, false]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`${file} is empty`);
    expect(errors[0]).toContain('the policy in force is kept');
    // A file that means "no more lines" says so in a comment.
    fs.writeFileSync(file, '# no lines\n');
    await expect(checkAndReread()).resolves.toBe('reloaded');
    expect(await viewerReadsProjects()).toBe(true);
  });

  it.each([
    { name: 'an invalid text', change: () => fs.writeFileSync(file, BROKEN), logged: /line 1: a p line has 6 fields/ },
    { name: 'a missing file', change: () => fs.rmSync(file), logged: /cannot read .*ENOENT/ },
    { name: 'a text that drops the subject the default role names', change: () => fs.writeFileSync(file, 'g, alice, role:admin\n'), logged: /RBAC_POLICY_DEFAULT/, defaultRole: 'role:ci' },
  ])('keeps the policy in force on $name, logging it once and showing it until the file is usable again', async ({ change, logged, defaultRole }) => {
    if (defaultRole) setUp(projectsWithoutRoles(), defaultRole);
    fs.writeFileSync(file, GOOD);
    await expect(checkAndReread()).resolves.toBe('reloaded');
    change();
    await expect(checkAndReread()).resolves.toBe('kept');
    await expect(reload.check()).resolves.toBe('kept');
    expect(await viewerReadsTokens()).toBe(true);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(logged);
    expect(errors[0]).toContain('the policy in force is kept');
    expect(inForce).toEqual([true, false]);
    // Back to the text in force: nothing to reload, and the metric says all is well again.
    fs.writeFileSync(file, GOOD);
    await expect(reload.check()).resolves.toBe('unchanged');
    expect(inForce).toEqual([true, false, true]);
  });

  it('logs again for another bad text, and reloads a good one after a bad one', async () => {
    fs.writeFileSync(file, BROKEN);
    await expect(checkAndReread()).resolves.toBe('kept');
    fs.writeFileSync(file, `${BROKEN}# another bad text\n`);
    await expect(checkAndReread()).resolves.toBe('kept');
    expect(errors).toHaveLength(2);
    fs.writeFileSync(file, VIEWER_READS_TOKENS);
    await expect(checkAndReread()).resolves.toBe('reloaded');
    expect(await viewerReadsTokens()).toBe(true);
    expect(inForce).toEqual([false, false, true]);
  });

  it('logs each of several bad texts once, however they alternate, until a good one is in force', async () => {
    const first = BROKEN;
    const second = `${BROKEN}# another bad text\n`;
    fs.writeFileSync(file, first);
    await expect(checkAndReread()).resolves.toBe('kept');
    fs.writeFileSync(file, second);
    await expect(checkAndReread()).resolves.toBe('kept');
    for (let i = 0; i < 3; i++) {
      fs.writeFileSync(file, first);
      await expect(reload.check()).resolves.toBe('kept');
      fs.writeFileSync(file, second);
      await expect(reload.check()).resolves.toBe('kept');
    }
    expect(errors).toHaveLength(2);
    expect(inForce).toEqual([false, false]);
    // A good text in force forgets them: the same bad text later is news again.
    fs.writeFileSync(file, VIEWER_READS_TOKENS);
    await expect(checkAndReread()).resolves.toBe('reloaded');
    fs.writeFileSync(file, first);
    await expect(checkAndReread()).resolves.toBe('kept');
    expect(errors).toHaveLength(3);
  });

  it('does not keep an enforcer built for the old policy when a reload lands during the build', async () => {
    let release!: () => void;
    setUp(projectsWithoutRoles(new Promise<void>((resolve) => (release = resolve))));
    const during = access.decider(VIEWER);
    fs.writeFileSync(file, VIEWER_READS_TOKENS);
    await expect(checkAndReread()).resolves.toBe('reloaded');
    release();
    // The request that started first finishes under the policy it started with; the next one sees the new policy.
    expect((await during).can('tokens', 'get', '*')).toBe(false);
    expect(await viewerReadsTokens()).toBe(true);
  });

  it('keeps the enforcer built for the new policy when a build for the old one, overtaken by a reload, ends later', async () => {
    let release!: () => void;
    const projects = projectsWithoutRoles(new Promise<void>((resolve) => (release = resolve)));
    setUp(projects);
    const during = access.decider(VIEWER);
    fs.writeFileSync(file, VIEWER_READS_TOKENS);
    await expect(checkAndReread()).resolves.toBe('reloaded');
    // A request under the new policy builds and keeps its enforcer while the old build still waits.
    expect(await viewerReadsTokens()).toBe(true);
    release();
    expect((await during).can('tokens', 'get', '*')).toBe(false);
    expect(projects.builds).toBe(2);
    // The old build ended last, yet the enforcer kept is the new one: the next requests build nothing.
    expect(await viewerReadsTokens()).toBe(true);
    expect(await viewerReadsTokens()).toBe(true);
    expect(projects.builds).toBe(2);
  });
});
