import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterBody } from '../support/builders';
import { captureStdout, type CapturedStdout } from '../support/captured-stdout';
import { bearer, startTestHub, type TestHub } from '../support/test-hub';

const SET = 'plugin-shards';
const PLUGIN = 'shard-plugin';
const PLUGIN_TOKEN = 'plugin-bearer-token-do-not-leak';
const WRONG_TOKEN = 'plugin-wrong-token-do-not-leak';

/** A generator plugin service as Argo CD documents it: checks the bearer token and the body, answers parameter sets. */
class FakePluginService {
  /** What the next call answers. */
  parameters: Record<string, unknown>[] = [];
  readonly requests: { authorization?: string; body: unknown }[] = [];
  private server?: http.Server;
  port = 0;

  async start(port = 0): Promise<void> {
    this.server = http.createServer((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString()));
      request.on('end', () => {
        const body = JSON.parse(text) as { applicationSetName?: unknown; input?: { parameters?: unknown } };
        this.requests.push({ authorization: request.headers.authorization, body });
        if (request.method !== 'POST' || request.url !== '/api/v1/getparams.execute') return response.writeHead(404).end();
        if (request.headers.authorization !== `Bearer ${PLUGIN_TOKEN}`) return response.writeHead(401).end('{"error":"bad token"}');
        if (request.headers['content-type'] !== 'application/json' || body.applicationSetName !== SET || typeof body.input?.parameters !== 'object') {
          return response.writeHead(400).end();
        }
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ output: { parameters: this.parameters } }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

/**
 * The plugin generator through the hub: a plugin registered over REST, a set whose applications come from it, and
 * what happens when the plugin stops answering (the set fails closed, naming the plugin) and answers again.
 */
describe('ApplicationSet with a plugin generator', { timeout: 60_000 }, () => {
  const plugin = new FakePluginService();
  let hub: TestHub;
  let auth: Record<string, string>;
  let stdout: CapturedStdout;

  const manifest = () => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: { name: SET, namespace: 'argocd' },
    spec: {
      goTemplate: true,
      generators: [{ plugin: { configMapRef: { name: PLUGIN }, input: { parameters: { team: 'web', shards: 2 } }, values: { owner: '{{ .generator.input.parameters.team }}' } } }],
      template: {
        metadata: { name: 'shard-{{ .shard }}', labels: { owner: '{{ .values.owner }}' } },
        spec: {
          project: 'default',
          source: { repoURL: 'https://127.0.0.1:9/fleet.git', targetRevision: 'main', path: 'shards/{{ .shard }}' },
          destination: { name: 'plugin-target', namespace: 'shard-{{ .shard }}' },
        },
      },
    },
  });

  type AppRow = { metadata: { name: string; labels: Record<string, string> }; spec: { source: { path: string } } };
  const applications = async (): Promise<AppRow[]> => (await hub.http.get('/api/v1/applications').query({ applicationSet: SET }).set(auth).expect(200)).body.items;
  const names = async () => (await applications()).map((app) => app.metadata.name).sort();
  const refresh = async () => {
    await hub.http.post(`/api/v1/applicationsets/${SET}/refresh`).set(auth).expect(200);
    return (await hub.http.get(`/api/v1/applicationsets/${SET}`).set(auth).expect(200)).body.status as { conditions: { type: string; status: string; reason: string; message: string }[] };
  };
  const errorCondition = (status: { conditions: { type: string; status: string; reason: string; message: string }[] }) =>
    status.conditions.find((condition) => condition.type === 'ErrorOccurred');

  beforeAll(async () => {
    plugin.parameters = [{ shard: 'a' }, { shard: 'b' }];
    await plugin.start();
    stdout = captureStdout();
    hub = await startTestHub({ env: { IN_CLUSTER: 'false', RECONCILE_INTERVAL_SECONDS: '3600', LOG_LEVEL: 'debug' } });
    auth = bearer(hub.adminToken);
    // Nothing listens there: the applications exist and are never synced, which is all this test is about.
    await hub.http.post('/api/v1/clusters').set(auth).send(clusterBody({ name: 'plugin-target', server: 'https://127.0.0.1:31009' })).expect(201);
    await hub.http.post('/api/v1/generator-plugins').set(auth).send({ name: PLUGIN, baseUrl: `http://127.0.0.1:${plugin.port}`, token: PLUGIN_TOKEN, requestTimeoutSeconds: 5 }).expect(201);
  });

  afterAll(async () => {
    try {
      await Promise.all([hub?.close(), plugin.stop()]);
    } finally {
      stdout?.restore();
    }
  });

  it('previews and creates one application per parameter set the plugin answers', async () => {
    const preview = await hub.http.post('/api/v1/applicationsets/preview').set(auth).send(manifest());
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.applications.map((app: { name: string }) => app.name).sort()).toEqual(['shard-a', 'shard-b']);

    const created = await hub.http.post('/api/v1/applicationsets').set(auth).send(manifest());
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.status.desired).toBe(2);
    expect(await names()).toEqual(['shard-a', 'shard-b']);
    const [first] = await applications();
    expect(first.metadata.labels).toMatchObject({ owner: 'web' });
    expect(first.spec.source.path).toBe('shards/a');
    expect(plugin.requests.at(-1)).toEqual({ authorization: `Bearer ${PLUGIN_TOKEN}`, body: { applicationSetName: SET, input: { parameters: { team: 'web', shards: 2 } } } });
  });

  it('fails the set, naming the plugin and its status, when the plugin refuses the token; nothing is deleted', async () => {
    await hub.http.put(`/api/v1/generator-plugins/${PLUGIN}`).set(auth).send({ baseUrl: `http://127.0.0.1:${plugin.port}`, token: WRONG_TOKEN }).expect(200);
    try {
      const status = await refresh();
      expect(errorCondition(status)).toMatchObject({ status: 'True', reason: 'GeneratorFailed', message: expect.stringContaining(`plugin "${PLUGIN}": answered HTTP 401`) });
      expect(await names()).toEqual(['shard-a', 'shard-b']);
    } finally {
      await hub.http.put(`/api/v1/generator-plugins/${PLUGIN}`).set(auth).send({ baseUrl: `http://127.0.0.1:${plugin.port}`, token: PLUGIN_TOKEN, requestTimeoutSeconds: 5 }).expect(200);
    }
  });

  it('fails the set, naming the plugin, while the plugin is down; nothing is deleted', async () => {
    const port = plugin.port;
    await plugin.stop();
    const status = await refresh();
    expect(errorCondition(status)).toMatchObject({
      status: 'True',
      reason: 'GeneratorFailed',
      message: expect.stringMatching(new RegExp(`spec\\.generators\\[0\\]\\.plugin: plugin "${PLUGIN}": unreachable: http://127\\.0\\.0\\.1:${port}: ECONNREFUSED`)),
    });
    expect(await names()).toEqual(['shard-a', 'shard-b']);
    expect(JSON.stringify(status)).not.toContain(PLUGIN_TOKEN);
  });

  it('converges once the plugin answers again', async () => {
    plugin.parameters = [{ shard: 'a' }, { shard: 'b' }, { shard: 'c' }];
    await plugin.start(plugin.port);
    const status = await refresh();
    expect(errorCondition(status)).toMatchObject({ status: 'False' });
    expect(await names()).toEqual(['shard-a', 'shard-b', 'shard-c']);
  });

  it('names an unregistered plugin in the set\'s condition', async () => {
    await hub.http.delete(`/api/v1/generator-plugins/${PLUGIN}`).set(auth).expect(204);
    const status = await refresh();
    expect(errorCondition(status)).toMatchObject({ status: 'True', reason: 'GeneratorFailed', message: expect.stringContaining(`plugin "${PLUGIN}": not registered`) });
    expect(await names()).toEqual(['shard-a', 'shard-b', 'shard-c']);
  });

  it('never logged the plugin tokens', () => {
    const logs = stdout.text();
    expect(logs).toMatch(/"reqId":/);
    expect(logs).not.toContain(PLUGIN_TOKEN);
    expect(logs).not.toContain(WRONG_TOKEN);
  });
});
