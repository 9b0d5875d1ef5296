import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { describe, expect, it } from 'vitest';
import type { AccessDecider, Authorizer } from '../access/authorizer';
import { DomainError } from '../common/errors/domain-error';
import type { Principal } from '../domain/roles';
import type { AuthenticatedRequest } from './access.decorators';
import { AccessObjects } from './access-objects';
import { AuthGuard } from './auth.guard';
import { Access, createdBy, EACH_ROW, HUB_WIDE, pathName, replacedOrCreated, stored } from './permission.decorator';
import type { SessionAuthenticator } from './session-authenticator';
import type { TokensService } from './tokens.service';

const ROLLOUT = '0b5e2a43-8a6c-4f55-9f6e-3c1f1d0f9a11';
const ORPHAN_ROLLOUT = '7d1f7e55-0c77-4b8e-8d3c-2a9a1b6c4e22';

/** The guard's routes: one per kind of object source. */
class Routes {
  @Access('applications', 'get', stored.application('name')) getApp() {}
  @Access('applications', 'sync', stored.application('name')) syncApp() {}
  @Access('applications', 'update', stored.application('name')) replaceApp() {}
  @Access('applications', 'create', createdBy('application')) createApp() {}
  @Access('applications', 'get', EACH_ROW) listApps() {}
  @Access('applicationsets', 'update', replacedOrCreated('name', 'applicationset')) putSet() {}
  @Access('rollouts', 'pause', stored.rollout('id')) pauseRollout() {}
  @Access('clusters', 'delete', stored.cluster('name')) deleteCluster() {}
  @Access('clusters', 'get', stored.cluster('name')) getCluster() {}
  @Access('projects', 'delete', pathName('name', 'Project')) deleteProject() {}
  @Access('projects', 'get', pathName('name', 'Project')) getProject() {}
  @Access('tokens', 'get', HUB_WIDE) listTokens() {}
  undeclared() {}
}

type Rule = [resource: string, action: string, object: string];

/**
 * A stand-in for the policy engine, with Argo CD's shape: role:readonly gets everything but tokens; role:operator
 * also does everything but tokens and settings; role:admin everything; the project role `proj:platform:ci` gets and
 * syncs its project's applications, sets and rollouts, and creates sets there; a signed-in person without groups nothing.
 */
function rulesOf(principal: Principal): Rule[] {
  const hubKinds = ['applications', 'applicationsets', 'rollouts', 'clusters', 'repositories', 'projects', 'audit'];
  switch (principal.kind) {
    case 'token':
      if (principal.role === 'admin') return [['*', '*', '*']];
      return hubKinds.map((kind) => [kind, principal.role === 'operator' ? '*' : 'get', '*']);
    case 'project-token':
      return [
        ...['applications', 'applicationsets', 'rollouts'].flatMap((kind) => [[kind, 'get', `${principal.project}/*`], [kind, 'sync', `${principal.project}/*`]] as Rule[]),
        ['applicationsets', 'create', `${principal.project}/*`],
      ];
    case 'sso':
      return [];
  }
}

function glob(pattern: string, text: string): boolean {
  return new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*')}$`).test(text);
}

function deciderOf(principal: Principal): AccessDecider & { asked: number } {
  const rules = rulesOf(principal);
  const decider = {
    asked: 0,
    can(resource: string, action: string, object: string) {
      decider.asked += 1;
      return rules.some(([r, a, o]) => glob(r, resource) && glob(a, action) && glob(o, object));
    },
    canEveryObject: (resource: string, action: string) => rules.some(([r, a, o]) => glob(r, resource) && glob(a, action) && o === '*'),
    canEveryObjectIn: (resource: string, action: string, project: string) => decider.can(resource, action, `${project}/*`),
  };
  return decider;
}

const stores = {
  applications: { findByName: (name: string) => Promise.resolve({ 'web': { name: 'web', project: 'platform' }, 'pay': { name: 'pay', project: 'payments' } }[name] ?? null) },
  sets: {
    findByName: (name: string) =>
      Promise.resolve({ 'web-fleet': { name: 'web-fleet', manifest: { spec: { template: { spec: { project: 'platform' } } } } }, 'pay-fleet': { name: 'pay-fleet', manifest: { spec: { template: { spec: { project: 'payments' } } } } } }[name] ?? null),
  },
  rollouts: { findById: (id: string) => Promise.resolve({ [ROLLOUT]: { id, applicationSet: 'pay-fleet' }, [ORPHAN_ROLLOUT]: { id, applicationSet: 'gone-fleet' } }[id] ?? null) },
  clusters: { findByName: (name: string) => Promise.resolve(name === 'prod' ? { name, server: 'https://127.0.0.1:6443' } : null) },
  remotes: { findById: () => Promise.resolve(null) },
  projects: { findByName: (name: string) => Promise.resolve(['platform', 'payments'].includes(name) ? { name } : null) },
  runs: { lastProjectOf: () => Promise.resolve(null) },
};

const objects = new AccessObjects(...(Object.values(stores) as unknown as ConstructorParameters<typeof AccessObjects>));

const PRINCIPALS: Record<string, Principal> = {
  admin: { kind: 'token', name: 'root', role: 'admin' },
  operator: { kind: 'token', name: 'ops', role: 'operator' },
  viewer: { kind: 'token', name: 'auditor', role: 'viewer' },
  ci: { kind: 'project-token', name: 'platform-ci', project: 'platform', projectRole: 'ci' },
  person: { kind: 'sso', name: 'ada@127.0.0.1', groups: ['devs'] },
};

interface Call {
  route: keyof Routes;
  params?: Record<string, string>;
  body?: unknown;
  method?: string;
}

/** Requests here carry API tokens only: no single sign-on session answers. */
const NO_SESSION = { authenticate: () => Promise.resolve(undefined) } as unknown as SessionAuthenticator;

async function run(as: keyof typeof PRINCIPALS, call: Call): Promise<{ outcome: string; request: AuthenticatedRequest; decider: { asked: number } }> {
  const principal = PRINCIPALS[as];
  const decider = deciderOf(principal);
  const authorizer = { decider: () => Promise.resolve(decider) } as unknown as Authorizer;
  const tokens = { authenticate: () => Promise.resolve(principal) } as unknown as TokensService;
  const guard = new AuthGuard(tokens, new Reflector(), NO_SESSION, authorizer, objects);
  const request = { path: '/api/v1/routes', method: call.method ?? 'POST', headers: { authorization: 'Bearer flt_x' }, params: call.params ?? {}, body: call.body } as unknown as AuthenticatedRequest;
  const context = { getHandler: () => Routes.prototype[call.route], getClass: () => Routes, switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext;
  try {
    await guard.canActivate(context);
    return { outcome: 'allowed', request, decider };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { outcome: `${error.code}: ${error.message}`, request, decider };
  }
}

const app = (route: keyof Routes, name: string): Call => ({ route, params: { name } });
const manifest = (project: string, name: string) => ({ metadata: { name }, spec: { project, template: { spec: { project } } } });

describe('the auth guard, with principals of every kind', () => {
  it.each([
    // Project-scoped objects: may not get, or missing → the same 404; may get but not act → 403 naming the object.
    { as: 'ci', call: app('getApp', 'web'), outcome: 'allowed' },
    { as: 'ci', call: app('syncApp', 'web'), outcome: 'allowed' },
    { as: 'ci', call: app('replaceApp', 'web'), outcome: 'Forbidden: permission denied: applications, update, platform/web' },
    { as: 'ci', call: app('getApp', 'pay'), outcome: 'NotFound: Application "pay" not found' },
    { as: 'ci', call: app('syncApp', 'pay'), outcome: 'NotFound: Application "pay" not found' },
    { as: 'ci', call: app('syncApp', 'nothing'), outcome: 'NotFound: Application "nothing" not found' },
    { as: 'viewer', call: app('syncApp', 'pay'), outcome: 'Forbidden: permission denied: applications, sync, payments/pay' },
    { as: 'viewer', call: app('syncApp', 'nothing'), outcome: 'NotFound: Application "nothing" not found' },
    { as: 'operator', call: app('syncApp', 'pay'), outcome: 'allowed' },
    { as: 'person', call: app('getApp', 'web'), outcome: 'NotFound: Application "web" not found' },
    // A PUT moving an application to another project needs the action in both.
    { as: 'operator', call: { route: 'replaceApp', params: { name: 'web' }, body: manifest('payments', 'web'), method: 'PUT' }, outcome: 'allowed' },
    // A PUT naming no application is decided on the body's project, and left to the route to answer.
    { as: 'operator', call: { route: 'replaceApp', params: { name: 'nothing' }, body: manifest('payments', 'web'), method: 'PUT' }, outcome: 'allowed' },
    { as: 'ci', call: { route: 'replaceApp', params: { name: 'nothing' }, body: manifest('payments', 'web'), method: 'PUT' }, outcome: 'NotFound: Application "nothing" not found' },
    // Creates are decided on what the body would create.
    { as: 'ci', call: { route: 'createApp', body: manifest('platform', 'new') }, outcome: 'Forbidden: permission denied: applications, create, platform/new' },
    { as: 'operator', call: { route: 'createApp', body: manifest('payments', 'new') }, outcome: 'allowed' },
    { as: 'operator', call: { route: 'putSet', params: { name: 'new-fleet' }, body: manifest('payments', 'new-fleet') }, outcome: 'allowed' },
    { as: 'viewer', call: { route: 'putSet', params: { name: 'new-fleet' }, body: manifest('payments', 'new-fleet') }, outcome: 'Forbidden: permission denied: applicationsets, create, payments/new-fleet' },
    { as: 'viewer', call: { route: 'putSet', params: { name: 'web-fleet' }, body: manifest('platform', 'web-fleet') }, outcome: 'Forbidden: permission denied: applicationsets, update, platform/web-fleet' },
    { as: 'ci', call: { route: 'putSet', params: { name: 'pay-fleet' }, body: manifest('platform', 'pay-fleet') }, outcome: 'NotFound: ApplicationSet "pay-fleet" not found' },
    // A templated project may render to any project: only a caller allowed every project may write such a set.
    { as: 'ci', call: { route: 'putSet', params: { name: 'new-fleet' }, body: manifest('platform', 'new-fleet') }, outcome: 'allowed' },
    { as: 'ci', call: { route: 'putSet', params: { name: 'new-fleet' }, body: manifest('{{env}}', 'new-fleet') }, outcome: 'Forbidden: permission denied: applicationsets, create, {{env}}/new-fleet' },
    { as: 'operator', call: { route: 'putSet', params: { name: 'new-fleet' }, body: manifest('{{env}}', 'new-fleet') }, outcome: 'allowed' },
    { as: 'operator', call: { route: 'putSet', params: { name: 'web-fleet' }, body: manifest('{{env}}', 'web-fleet') }, outcome: 'allowed' },
    // A rollout is its set's; a rollout of a deleted set is `*/<set>`, which no project's policy matches.
    { as: 'ci', call: { route: 'pauseRollout', params: { id: ROLLOUT } }, outcome: `NotFound: Rollout "${ROLLOUT}" not found` },
    { as: 'viewer', call: { route: 'pauseRollout', params: { id: ROLLOUT } }, outcome: 'Forbidden: permission denied: rollouts, pause, payments/pay-fleet' },
    { as: 'ci', call: { route: 'pauseRollout', params: { id: ORPHAN_ROLLOUT } }, outcome: `NotFound: Rollout "${ORPHAN_ROLLOUT}" not found` },
    { as: 'operator', call: { route: 'pauseRollout', params: { id: ORPHAN_ROLLOUT } }, outcome: 'allowed' },
    // Hub-wide kinds: a caller who may not do the action anywhere is told so, whether or not the object exists.
    { as: 'viewer', call: app('deleteCluster', 'prod'), outcome: 'Forbidden: permission denied: clusters, delete, https://127.0.0.1:6443' },
    { as: 'viewer', call: app('deleteCluster', 'nothing'), outcome: 'Forbidden: permission denied: clusters, delete, *' },
    { as: 'operator', call: app('deleteCluster', 'nothing'), outcome: 'NotFound: Cluster "nothing" not found' },
    { as: 'ci', call: app('deleteCluster', 'prod'), outcome: 'Forbidden: permission denied: clusters, delete, *' },
    { as: 'ci', call: app('deleteCluster', 'nothing'), outcome: 'Forbidden: permission denied: clusters, delete, *' },
    { as: 'ci', call: app('getCluster', 'prod'), outcome: 'NotFound: Cluster "prod" not found' },
    { as: 'ci', call: app('getProject', 'platform'), outcome: 'NotFound: Project "platform" not found' },
    { as: 'ci', call: app('deleteProject', 'platform'), outcome: 'Forbidden: permission denied: projects, delete, *' },
    { as: 'ci', call: app('deleteProject', 'nothing'), outcome: 'Forbidden: permission denied: projects, delete, *' },
    { as: 'viewer', call: app('deleteProject', 'platform'), outcome: 'Forbidden: permission denied: projects, delete, platform' },
    { as: 'operator', call: { route: 'listTokens' }, outcome: 'Forbidden: permission denied: tokens, get, *' },
    { as: 'admin', call: { route: 'listTokens' }, outcome: 'allowed' },
    // A list is never refused at the route: its rows are filtered.
    { as: 'person', call: { route: 'listApps' }, outcome: 'allowed' },
    // A route without a declared permission is refused to everyone, admin included.
    { as: 'admin', call: { route: 'undeclared' }, outcome: 'Forbidden: permission denied: no permission is declared for POST /api/v1/routes' },
  ] as { as: keyof typeof PRINCIPALS; call: Call; outcome: string }[])('$as, $call.route $call.params.name$call.params.id: $outcome', async ({ as, call, outcome }) => {
    expect((await run(as, call)).outcome).toBe(outcome);
  });

  it('leaves the project a request concerns, and whether it refused it, for the audit trail', async () => {
    expect((await run('ci', app('syncApp', 'pay'))).request).toMatchObject({ accessProject: 'payments', accessDenied: true });
    expect((await run('ci', app('syncApp', 'web'))).request).toMatchObject({ accessProject: 'platform' });
    expect((await run('ci', app('syncApp', 'web'))).request.accessDenied).toBeUndefined();
    expect((await run('operator', app('syncApp', 'nothing'))).request.accessDenied).toBe(false);
    expect((await run('operator', { route: 'createApp', body: manifest('bad\u0000', 'x') })).request.accessProject).toBeUndefined();
    expect((await run('viewer', app('deleteProject', 'platform'))).request).toMatchObject({ accessProject: 'platform', accessDenied: true });
    expect((await run('ci', app('getApp', 'pay'))).request).toMatchObject({ accessProject: 'payments', accessDenied: true });
    expect((await run('admin', app('deleteCluster', 'prod'))).request.accessProject).toBeUndefined();
  });

  it("hands the list its caller's memoised decisions: one question per distinct object, none when every object is allowed", async () => {
    const { request, decider } = await run('ci', { route: 'listApps' });
    const visible = request.access!.rowFilter('applications')!;
    const objects = Array.from({ length: 10_000 }, (_, i) => (i % 2 === 0 ? 'platform/web' : 'payments/pay'));
    expect(objects.filter(visible)).toHaveLength(5_000);
    expect(decider.asked).toBe(2);
    const viewer = await run('viewer', { route: 'listApps' });
    expect(viewer.request.access!.rowFilter('applications')).toBeUndefined();
  });

  it('refuses a missing bearer token with 401 before deciding anything', async () => {
    const guard = new AuthGuard({} as TokensService, new Reflector(), NO_SESSION, {} as Authorizer, objects);
    const request = { path: '/api/v1/routes', method: 'GET', headers: {} };
    const context = { getHandler: () => Routes.prototype.getApp, getClass: () => Routes, switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext;
    await expect(guard.canActivate(context)).rejects.toMatchObject({ code: 'Unauthenticated' });
  });
});
