import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import https from 'node:https';
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

  it('keeps an idle connection for 90 s, as kube-apiserver does, so a keep-alive client reuses it', async () => {
    const server = servers[0];
    expect(server.httpsServer.keepAliveTimeout).toBe(90_000);
    let connections = 0;
    const counted = () => connections++;
    server.httpsServer.on('secureConnection', counted);
    const agent = new https.Agent({ keepAlive: true, ca: server.caData });
    const get = () =>
      new Promise<number>((resolve, reject) => {
        https
          .get(`${server.url}/version`, { agent, headers: { Authorization: `Bearer ${server.token}` } }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          })
          .on('error', reject);
      });
    try {
      expect(await get()).toBe(200);
      expect(await get()).toBe(200);
      expect(connections).toBe(1);
    } finally {
      server.httpsServer.off('secureConnection', counted);
      agent.destroy();
    }
  });
});
