import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ABOUT_THE_CALLER } from '../../src/access/caller-route.decorator';
import { AuditTrail } from '../../src/audit/audit-trail';
import { PERMISSION, type Permission } from '../../src/auth/permission.decorator';
import { PUBLIC_ROUTE } from '../../src/common/http/public-route.decorator';
import { clusterBody } from '../support/builders';
import { bearer, startTestHub, type TestHub } from '../support/test-hub';

interface Route {
  route: string;
  permission?: Permission;
  isPublic: boolean;
  /** Open to every authenticated caller, because it is about that caller (`@AboutTheCaller`). */
  aboutTheCaller: boolean;
}

/** Every route the running hub serves, from its controllers' metadata, with what it declares. */
function routesOf(hub: TestHub): Route[] {
  const routes: Route[] = [];
  for (const module of hub.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!controller) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      for (const key of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[key];
        if (key === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        const path = `/${[base, String(Reflect.getMetadata(PATH_METADATA, handler))].filter((part) => part && part !== '/').join('/')}`;
        routes.push({
          route: `${method} ${path}`,
          permission: Reflect.getMetadata(PERMISSION, handler) ?? Reflect.getMetadata(PERMISSION, controller),
          isPublic: Boolean(Reflect.getMetadata(PUBLIC_ROUTE, handler) ?? Reflect.getMetadata(PUBLIC_ROUTE, controller)),
          aboutTheCaller: Boolean(Reflect.getMetadata(ABOUT_THE_CALLER, handler) ?? Reflect.getMetadata(ABOUT_THE_CALLER, controller)),
        });
      }
    }
  }
  return routes;
}

/** What Express routes, as `METHOD /path`. */
function servedRoutes(hub: TestHub): string[] {
  const router = (hub.app.getHttpAdapter().getInstance() as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } }).router;
  return router.stack
    .flatMap((layer) => (layer.route ? Object.keys(layer.route.methods).map((method) => `${method.toUpperCase()} ${layer.route!.path}`) : []));
}

describe('access to every /api/v1 route', () => {
  let hub: TestHub;
  let viewer: string;
  let operator: string;
  let server: string;

  beforeAll(async () => {
    hub = await startTestHub();
    const created = await Promise.all(
      (['operator', 'viewer'] as const).map((role) => hub.http.post('/api/v1/tokens').set(bearer(hub.adminToken)).send({ name: `${role}-token`, role }).expect(201)),
    );
    [operator, viewer] = created.map((response) => response.body.token as string);
    const cluster = clusterBody({ name: 'prod' });
    server = cluster.server as string;
    await hub.http.post('/api/v1/clusters').set(bearer(hub.adminToken)).send(cluster).expect(201);
  });

  afterAll(async () => {
    await hub.close();
  });

  it('declares a permission on every route, or says it is public or about the caller', () => {
    const routes = routesOf(hub);
    // The same routes Express serves — but the API documentation and the catch-all Nest mounts its middleware on:
    // nothing is reached that the enumeration did not see.
    const served = servedRoutes(hub).filter((route) => !/ \/(api\/docs|api\/openapi\.|\{\*path\})/.test(route));
    expect(routes.map(({ route }) => route).sort()).toEqual([...new Set(served)].sort());
    expect(routes.length).toBeGreaterThanOrEqual(60);
    const undeclared = routes.filter((route) => !route.permission && !route.isPublic && !route.aboutTheCaller).map(({ route }) => route);
    expect(undeclared).toEqual([]);
    // Who am I, may I, my own session: answered for any caller, and nothing else is.
    expect(routes.filter((route) => route.aboutTheCaller).map(({ route }) => route).sort()).toEqual(
      ['GET /api/v1/account', 'GET /api/v1/account/can-i', 'GET /api/v1/session', 'DELETE /api/v1/session'].sort(),
    );
    // Open to anyone: the signed Git webhook, probes and metrics, the dashboard's static files and the sign-in flow.
    const open = routes.filter((route) => route.isPublic).map(({ route }) => route);
    expect(open.filter((route) => route.includes(' /api/'))).toEqual(['POST /api/v1/webhooks/git']);
    expect(open.filter((route) => !route.includes(' /api/')).every((route) => /^(GET|POST) \/(healthz|readyz|metrics|auth\/|dashboard\/|$)/.test(route))).toBe(true);
    for (const { permission } of routes.filter((route) => route.permission)) {
      expect(permission!.resource).toMatch(/^[a-z][a-z-]+$/);
      expect(permission!.action).toMatch(/^(get|create|update|delete|sync|pause|resume|abort|approve)$/);
    }
  });

  it('serves each route under one spelling: another letter case is no way around the sign-in', async () => {
    for (const path of ['/API/V1/tokens', '/api/v1/Tokens', '/Api/v1/clusters']) {
      const response = await hub.http.get(path).expect(404);
      expect(response.body.items).toBeUndefined();
    }
    await hub.http.post('/API/V1/applications').send({}).expect(404);
    await hub.http.get('/api/v1/tokens').expect(401);
  });

  it('names resource, action and object in a 403', async () => {
    const response = await hub.http.patch('/api/v1/clusters/prod').set(bearer(viewer)).send({ labels: { env: 'prod' } }).expect(403);
    expect(response.body).toMatchObject({ code: 'Forbidden', message: `permission denied: clusters, update, ${server}` });
  });

  it('refuses a viewer an action it may do nowhere with 403 whether or not the object exists, and tells an operator it is missing', async () => {
    const missing = await hub.http.delete('/api/v1/clusters/nothing').set(bearer(viewer)).expect(403);
    expect(missing.body.message).toBe('permission denied: clusters, delete, *');
    await hub.http.delete('/api/v1/clusters/nothing').set(bearer(operator)).expect(404);
  });

  it('answers 404 for an application that is not there, whoever asks (refresh needs sync, as a viewer may not start one)', async () => {
    for (const token of [viewer, operator]) {
      const response = await hub.http.post('/api/v1/applications/nothing/refresh').set(bearer(token)).expect(404);
      expect(response.body.message).toBe('Application "nothing" not found');
    }
  });

  it('keeps key rotation and tokens to admins, through the settings and tokens resources', async () => {
    const rotation = await hub.http.post('/api/v1/admin/reencrypt-credentials').set(bearer(operator)).expect(403);
    expect(rotation.body.message).toBe('permission denied: settings, update, *');
    const tokens = await hub.http.delete('/api/v1/tokens/viewer-token').set(bearer(operator)).expect(403);
    expect(tokens.body.message).toBe('permission denied: tokens, delete, *');
    await hub.http.get('/api/v1/shards').set(bearer(viewer)).expect(200);
  });

  it('records refused reads in the audit log with the caller, and the project a request concerns', async () => {
    await hub.http.get('/api/v1/tokens').set({ ...bearer(viewer), 'X-Request-Id': 'refused-read' }).expect(403);
    await hub.http.get('/api/v1/clusters').set({ 'X-Request-Id': 'anonymous-read' }).expect(401);
    await hub.http.get('/api/v1/clusters/prod').set({ ...bearer(viewer), 'X-Request-Id': 'allowed-read' }).expect(200);
    await hub.http.delete('/api/v1/projects/team-a').set({ ...bearer(viewer), 'X-Request-Id': 'project-refused' }).expect(403);
    await hub.app.get(AuditTrail).settled();
    const events = (await hub.http.get('/api/v1/audit?limit=1000').set(bearer(viewer)).expect(200)).body.items as Record<string, unknown>[];
    const byId = (id: string) => events.filter((event) => event.requestId === id);
    expect(byId('refused-read')).toEqual([expect.objectContaining({ actor: 'viewer-token', role: 'viewer', method: 'GET', action: 'get', resourceKind: 'tokens', status: 403, project: null })]);
    expect(byId('anonymous-read')).toEqual([expect.objectContaining({ actor: 'anonymous', role: null, method: 'GET', status: 401 })]);
    expect(byId('allowed-read')).toEqual([]);
    expect(byId('project-refused')).toEqual([expect.objectContaining({ actor: 'viewer-token', action: 'delete', resourceKind: 'projects', resourceName: 'team-a', status: 403, project: 'team-a' })]);
  });

  it('shows the built-in roles every row of every list', async () => {
    for (const token of [viewer, operator, hub.adminToken]) {
      const clusters = await hub.http.get('/api/v1/clusters').set(bearer(token)).expect(200);
      expect(clusters.body.items.map((cluster: { name: string }) => cluster.name)).toContain('prod');
      const projects = await hub.http.get('/api/v1/projects').set(bearer(token)).expect(200);
      expect(projects.body.items.map((project: { metadata: { name: string } }) => project.metadata.name)).toContain('default');
    }
  });
});
