import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Logger } from '@nestjs/common';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppConfig } from '../config/app-config';
import type { Principal } from '../domain/roles';
import type { PolicyReloadRecorder } from '../metrics/recorders';
import type { ProjectRepository } from '../repositories/project.repository';
import { AccessPolicyService } from './access-policy.service';
import { HubPolicyReload } from './hub-policy-reload.service';

const VIEWER: Principal = { kind: 'token', name: 'auditor', role: 'viewer' };
const SOME_LINE = 'p, role:ci, projects, get, *, allow\n';
const VIEWER_READS_TOKENS = 'p, role:readonly, tokens, get, *, allow\n';
/** Grants the viewer tokens and still names role:ci (a default role must be a subject of the policy). */
const GOOD = `${VIEWER_READS_TOKENS}${SOME_LINE}`;
const BROKEN = 'p, role:readonly, tokens, get\n';

/** Project roles that never change; `listRoles` may be held back to put a reload in the middle of a build. */
function projectsWithoutRoles(hold?: Promise<void>): ProjectRepository {
  return { rolesDigest: async () => 'no-roles', listRoles: async () => (await hold, []) } as unknown as ProjectRepository;
}

describe('HubPolicyReload', () => {
  let dir: string;
  let file: string;
  let access: AccessPolicyService;
  let reload: HubPolicyReload;
  let inForce: boolean[];
  let errors: string[];

  const setUp = (projects = projectsWithoutRoles()) => {
    const config = { access: { policyFile: file, matchMode: 'glob', policyFileCheckSeconds: 30 } } as AppConfig;
    access = new AccessPolicyService(config, projects);
    access.onModuleInit();
    const metrics: PolicyReloadRecorder = { policyFileChecked: (value) => inForce.push(value) };
    reload = new HubPolicyReload(config, access, metrics);
  };
  const viewerReadsTokens = async () => (await access.decider(VIEWER)).can('tokens', 'get', '*');

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flotilla-policy-reload-'));
    file = path.join(dir, 'policy.csv');
    fs.writeFileSync(file, SOME_LINE);
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
  });

  it('puts a new valid text in force, and the next decider is built from it', async () => {
    expect(await viewerReadsTokens()).toBe(false);
    fs.writeFileSync(file, VIEWER_READS_TOKENS);
    await expect(reload.check()).resolves.toBe('reloaded');
    expect(await viewerReadsTokens()).toBe(true);
    expect(inForce).toEqual([true]);
  });

  it.each([
    { name: 'an invalid text', change: () => fs.writeFileSync(file, BROKEN), logged: /line 1: a p line has 6 fields/ },
    { name: 'a missing file', change: () => fs.rmSync(file), logged: /cannot read .*ENOENT/ },
    { name: 'a text that drops the subject the default role names', change: () => fs.writeFileSync(file, 'g, alice, role:admin\n'), logged: /RBAC_POLICY_DEFAULT/, defaultRole: 'role:ci' },
  ])('keeps the policy in force on $name, logging it once and showing it until the file is usable again', async ({ change, logged, defaultRole }) => {
    if (defaultRole) {
      const config = { access: { policyFile: file, matchMode: 'glob', policyFileCheckSeconds: 30, defaultRole } } as AppConfig;
      access = new AccessPolicyService(config, projectsWithoutRoles());
      access.onModuleInit();
      reload = new HubPolicyReload(config, access, { policyFileChecked: (value) => inForce.push(value) });
    }
    fs.writeFileSync(file, GOOD);
    await expect(reload.check()).resolves.toBe('reloaded');
    change();
    await expect(reload.check()).resolves.toBe('kept');
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
    await reload.check();
    fs.writeFileSync(file, `${BROKEN}# another bad text\n`);
    await reload.check();
    expect(errors).toHaveLength(2);
    fs.writeFileSync(file, VIEWER_READS_TOKENS);
    await expect(reload.check()).resolves.toBe('reloaded');
    expect(await viewerReadsTokens()).toBe(true);
    expect(inForce).toEqual([false, false, true]);
  });

  it('does not keep an enforcer built for the old policy when a reload lands during the build', async () => {
    let release!: () => void;
    setUp(projectsWithoutRoles(new Promise<void>((resolve) => (release = resolve))));
    const during = access.decider(VIEWER);
    fs.writeFileSync(file, VIEWER_READS_TOKENS);
    await expect(reload.check()).resolves.toBe('reloaded');
    release();
    // The request that started first finishes under the policy it started with; the next one sees the new policy.
    expect((await during).can('tokens', 'get', '*')).toBe(false);
    expect(await viewerReadsTokens()).toBe(true);
  });
});
