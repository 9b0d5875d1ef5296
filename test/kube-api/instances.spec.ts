import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api';
import { configMap } from './builders';
import { at, call } from './http';

// Many instances in one process, each with its own CA, port and objects (the bench goes to 100).
const COUNT = 25;

describe('kube-api test server: many instances in one process', () => {
  let servers: KubeApiServer[];

  beforeAll(async () => {
    servers = await Promise.all(Array.from({ length: COUNT }, (_, i) => startKubeApiServer({ name: `fleet-${i}` })));
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });

  it('gives every instance its own port, CA and token', () => {
    expect(new Set(servers.map((s) => s.port)).size).toBe(COUNT);
    expect(new Set(servers.map((s) => s.caData)).size).toBe(COUNT);
    expect(new Set(servers.map((s) => s.token)).size).toBe(COUNT);
  });

  it('keeps objects and credentials apart', async () => {
    await Promise.all(servers.map((s, i) => call(s, '/api/v1/namespaces/default/configmaps', { method: 'POST', body: configMap(`only-${i}`) })));
    const lists = await Promise.all(servers.map((s) => call(s, '/api/v1/namespaces/default/configmaps')));
    lists.forEach((res, i) => expect((at(res.json, 'items') as { metadata: { name: string } }[]).map((o) => o.metadata.name)).toEqual([`only-${i}`]));
    expect((await call(servers[0], '/version', { token: servers[1].token })).status).toBe(401);
  });
});
