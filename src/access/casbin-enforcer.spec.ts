import { describe, expect, it, vi } from 'vitest';
import type { Principal } from '../domain/roles';
import { builtinRules, subjectsOf } from './builtin-policy';
import { CasbinEnforcer } from './casbin-enforcer';
import { blindToNames, MemoisedDecider } from './memoised-decider';
import { type MatchMode, patternMatcher } from './pattern-match';
import { parsePolicyText } from './policy-validation';
import { projectRoleRules } from './project-policy';

interface Setup {
  csv?: string;
  projects?: Record<string, unknown>;
  defaultRole?: string;
  mode?: MatchMode;
}

async function deciderFor(principal: Principal, setup: Setup = {}) {
  const mode = setup.mode ?? 'glob';
  const parsed = parsePolicyText(setup.csv ?? '', mode);
  expect(parsed.problems).toEqual([]);
  const rules = [...builtinRules(mode), ...parsed.rules];
  for (const [name, roles] of Object.entries(setup.projects ?? {})) rules.push(...projectRoleRules(name, roles, mode));
  const enforcer = await CasbinEnforcer.create(rules, mode);
  const roles = await enforcer.rolesOf(subjectsOf(principal, setup.defaultRole));
  return new MemoisedDecider(enforcer, roles, MemoisedDecider.callerRules(rules, roles), mode, patternMatcher(mode));
}

const token = (role: 'admin' | 'operator' | 'viewer'): Principal => ({ kind: 'token', name: `${role}-token`, role });
const person = (name: string, ...groups: string[]): Principal => ({ kind: 'sso', name, groups });

describe('built-in roles', () => {
  it('readonly reads all but tokens and settings; operator writes too; admin also manages tokens and settings', async () => {
    const viewer = await deciderFor(token('viewer'));
    expect(viewer.can('applications', 'get', 'default/app')).toBe(true);
    expect(viewer.can('clusters', 'get', 'https://127.0.0.1:6443')).toBe(true);
    expect(viewer.can('applications', 'sync', 'default/app')).toBe(false);
    expect(viewer.can('tokens', 'get', 'ci')).toBe(false);
    const operator = await deciderFor(token('operator'));
    expect(operator.can('applications', 'sync', 'default/app')).toBe(true);
    expect(operator.can('rollouts', 'approve', 'default/fleet')).toBe(true);
    expect(operator.can('tokens', 'create', 'ci')).toBe(false);
    expect(operator.can('settings', 'update', 'encryption-keys')).toBe(false);
    const admin = await deciderFor(token('admin'));
    expect(admin.can('tokens', 'delete', 'ci')).toBe(true);
    expect(admin.can('settings', 'update', 'encryption-keys')).toBe(true);
    expect(admin.can('applications', 'delete', 'default/app')).toBe(true);
  });

  it('means the same in regex mode', async () => {
    const operator = await deciderFor(token('operator'), { mode: 'regex' });
    expect(operator.can('applications', 'sync', 'default/app')).toBe(true);
    expect(operator.can('tokens', 'get', 'ci')).toBe(false);
  });
});

describe('hub-wide policy', () => {
  it('lets a deny beat an allow, whichever subject of the caller either reaches', async () => {
    const csv = ['g, team-a, role:operator', 'p, contractors, applications, delete, */*, deny', 'p, alice, applications, sync, prod/*, deny'].join('\n');
    const alice = await deciderFor(person('alice', 'team-a', 'contractors'), { csv });
    expect(alice.can('applications', 'sync', 'dev/app')).toBe(true);
    expect(alice.can('applications', 'sync', 'prod/app')).toBe(false);
    expect(alice.can('applications', 'delete', 'dev/app')).toBe(false);
    const bob = await deciderFor(person('bob', 'team-a'), { csv });
    expect(bob.can('applications', 'delete', 'dev/app')).toBe(true);
  });

  it('matches * across / in glob mode and regular expressions in regex mode', async () => {
    const glob = await deciderFor(person('alice'), { csv: 'p, alice, applications, action/*, default/*, allow' });
    expect(glob.can('applications', 'action/apps/Deployment/restart', 'default/team/app')).toBe(true);
    expect(glob.can('applications', 'action/x', 'other/app')).toBe(false);
    const regex = await deciderFor(person('alice'), { csv: 'p, alice, ^applications$, ^(get|sync)$, ^dev-[0-9]+/.*$, allow', mode: 'regex' });
    expect(regex.can('applications', 'sync', 'dev-12/app')).toBe(true);
    expect(regex.can('applications', 'sync', 'dev-x/app')).toBe(false);
    expect(regex.can('applications', 'delete', 'dev-12/app')).toBe(false);
  });

  it('gives a signed-in person the default role, and a token none', async () => {
    expect((await deciderFor(person('carol'), { defaultRole: 'role:readonly' })).can('projects', 'get', 'default')).toBe(true);
    expect((await deciderFor(person('carol'))).can('projects', 'get', 'default')).toBe(false);
    expect(subjectsOf(token('viewer'), 'role:admin')).toEqual(['role:readonly']);
  });
});

describe('project roles', () => {
  const projects = {
    payments: [
      { name: 'deployer', policies: ['p, proj:payments:deployer, applications, sync, payments/*, allow', 'p, proj:payments:deployer, applications, sync, payments/ledger, deny'], groups: ['payments-team'] },
      { name: 'sneaky', policies: ['p, proj:payments:sneaky, applications, delete, other/*, allow', 'p, proj:other:x, applications, get, payments/*, allow', 'not a line', 42] },
      'not a role',
      { policies: ['p, proj:payments:, applications, get, payments/*, allow'] },
    ],
    other: { not: 'an array' },
  };

  it('turn policies and groups into lines, deny beating allow, and skip malformed entries', async () => {
    const projectToken: Principal = { kind: 'project-token', name: 'ci', project: 'payments', projectRole: 'deployer' };
    const ci = await deciderFor(projectToken, { projects, defaultRole: 'role:readonly' });
    expect(ci.can('applications', 'sync', 'payments/api')).toBe(true);
    expect(ci.can('applications', 'sync', 'payments/ledger')).toBe(false);
    expect(ci.can('applications', 'get', 'payments/api')).toBe(false); // no default role for a project token
    expect(ci.can('applications', 'sync', 'other/api')).toBe(false);
    const member = await deciderFor(person('dave', 'payments-team'), { projects });
    expect(member.can('applications', 'sync', 'payments/api')).toBe(true);
    const sneaky = await deciderFor({ kind: 'project-token', name: 's', project: 'payments', projectRole: 'sneaky' }, { projects });
    expect(sneaky.can('applications', 'delete', 'other/api')).toBe(false);
  });

  it('are held inside their project in regex mode', async () => {
    const roles = [{ name: 'r', policies: ['p, proj:p1:r, applications, get, p1/.*, allow', 'p, proj:p1:r, applications, sync, p1/a|.*, allow'] }];
    const decider = await deciderFor({ kind: 'project-token', name: 't', project: 'p1', projectRole: 'r' }, { projects: { p1: roles }, mode: 'regex' });
    expect(decider.can('applications', 'get', 'p1/app')).toBe(true);
    expect(decider.can('applications', 'get', 'xp1/app')).toBe(false);
    expect(decider.can('applications', 'sync', 'p1/zzz')).toBe(true);
    expect(decider.can('applications', 'sync', 'p2/zzz')).toBe(false);
  });
});

describe('memoised decisions', () => {
  it('answers a list of 10,000 rows from a few enforcements, still telling names apart where a line does', async () => {
    const decider = await deciderFor(person('alice', 'team-a'), { csv: 'g, team-a, role:operator\np, alice, applications, sync, prod/x*, deny' });
    const enforcements = vi.spyOn(CasbinEnforcer.prototype, 'enforce');
    let allowed = 0;
    for (let index = 0; index < 10_000; index++) if (decider.can('applications', 'sync', `${index % 2 ? 'dev' : 'prod'}/${index % 4 < 2 ? 'x' : 'y'}app-${index}`)) allowed++;
    expect(allowed).toBe(7_500);
    // dev: no line tells its names apart, one enforcement for all 5,000; prod: `prod/x*` does, one per row.
    expect(enforcements).toHaveBeenCalledTimes(1 + 5_000);
    enforcements.mockRestore();
  });

  it('knows which globs cannot tell the names of a project apart', () => {
    expect(blindToNames('*', 'dev')).toBe(true);
    expect(blindToNames('dev/*', 'dev')).toBe(true);
    expect(blindToNames('prod/*', 'dev')).toBe(true);
    expect(blindToNames('pr*/x', 'dev')).toBe(true);
    expect(blindToNames('dev/x*', 'dev')).toBe(false);
    expect(blindToNames('d*', 'dev')).toBe(false);
    expect(blindToNames('dev/app', 'dev')).toBe(false);
  });
});

describe('a project read whole (fleet history, the audit trail)', () => {
  it('is readable only when no deny line could single out a name in it', async () => {
    const csv = ['p, alice, applications, get, */*, allow', 'p, alice, applications, get, payments/pay*, deny', 'p, alice, applications, get, other/secret, deny'].join('\n');
    const alice = await deciderFor(person('alice'), { csv });
    expect(alice.can('applications', 'get', 'payments/*')).toBe(true);
    expect(alice.canEveryObjectIn('applications', 'get', 'payments')).toBe(false);
    expect(alice.canEveryObjectIn('applications', 'get', 'platform')).toBe(true);
    expect(alice.canEveryObjectIn('applications', 'get', 'other')).toBe(false);
    const regex = await deciderFor(person('alice'), { mode: 'regex', csv: ['p, alice, applications, get, .*, allow', 'p, alice, applications, get, ^payments/pay.*$, deny'].join('\n') });
    expect(regex.canEveryObjectIn('applications', 'get', 'platform')).toBe(false);
  });

  it('gives every project role its own project’s audit trail, and only that', async () => {
    const projects = { platform: [{ name: 'deployer', policies: ['p, proj:platform:deployer, applications, sync, platform/*, allow'] }] };
    const deployer = await deciderFor({ kind: 'project-token', name: 'proj:platform:deployer/ci', project: 'platform', projectRole: 'deployer' }, { projects });
    expect(deployer.canEveryObjectIn('audit', 'get', 'platform')).toBe(true);
    expect(deployer.canEveryObjectIn('audit', 'get', 'payments')).toBe(false);
    expect(deployer.canEveryObject('audit', 'get')).toBe(false);
  });

  it('keeps the audit trail from a role that may read every application but is denied the trail', async () => {
    const viewer = await deciderFor(token('viewer'), { csv: 'p, role:readonly, audit, get, *, deny' });
    expect(viewer.canEveryObject('applications', 'get')).toBe(true);
    expect(viewer.canEveryObject('audit', 'get')).toBe(false);
    expect(viewer.canEveryObjectIn('audit', 'get', 'platform')).toBe(false);
  });
});
