import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api';
import { configMap } from './builders';
import { at, call, collect, watch, type WatchEvent } from './http';

const summary = (events: WatchEvent[]): string[] => events.map((e) => `${e.type} ${e.object.metadata?.name ?? e.object.reason ?? ''}`);

describe('kube-api test server: watch', () => {
  let server: KubeApiServer;
  const CM = '/api/v1/namespaces/watched/configmaps';

  beforeAll(async () => {
    server = await startKubeApiServer({ name: 'watch', namespaces: ['watched', 'elsewhere'], watchHistory: 50 });
  });

  afterAll(async () => {
    await server.stop();
  });

  it('streams ADDED, MODIFIED and DELETED after a resourceVersion', async () => {
    const list = await call(server, CM);
    const rv = at(list.json, 'metadata.resourceVersion') as string;
    const { opened, events } = watch(server, `${CM}?watch=true&resourceVersion=${rv}`, 3);
    await opened;
    await call(server, CM, { method: 'POST', body: configMap('w1', 'watched') });
    await call(server, `${CM}/w1`, { method: 'PATCH', contentType: 'application/merge-patch+json', body: { data: { key: 'v2' } } });
    await call(server, `${CM}/w1`, { method: 'DELETE' });
    await call(server, '/api/v1/namespaces/elsewhere/configmaps', { method: 'POST', body: configMap('noise', 'elsewhere') });
    expect(summary(await events)).toEqual(['ADDED w1', 'MODIFIED w1', 'DELETED w1']);
  });

  it('replays retained events from an older resourceVersion', async () => {
    const list = await call(server, CM);
    const rv = at(list.json, 'metadata.resourceVersion') as string;
    await call(server, CM, { method: 'POST', body: configMap('r1', 'watched') });
    await call(server, CM, { method: 'POST', body: configMap('r2', 'watched') });
    const events = await collect(server, `${CM}?watch=true&resourceVersion=${rv}`, 2);
    expect(summary(events)).toEqual(['ADDED r1', 'ADDED r2']);
    expect(Number(events[1].object.metadata?.resourceVersion)).toBeGreaterThan(Number(events[0].object.metadata?.resourceVersion));
  });

  const starts: { name: string; query: string; want: string[] }[] = [
    { name: 'without a resourceVersion: current objects first', query: 'watch=true&labelSelector=set%3Dinitial', want: ['ADDED i1', 'ADDED i2'] },
    { name: 'with resourceVersion 0: current objects first', query: 'watch=1&resourceVersion=0&labelSelector=set%3Dinitial', want: ['ADDED i1', 'ADDED i2'] },
    { name: 'with a field selector on the name', query: 'watch=true&fieldSelector=metadata.name%3Di2', want: ['ADDED i2'] },
  ];

  it.each(starts)('starts a watch $name', async ({ query, want }) => {
    for (const name of ['i1', 'i2']) {
      await call(server, CM, { method: 'POST', body: configMap(name, 'watched', { metadata: { labels: { set: 'initial' } } }) });
    }
    expect(summary(await collect(server, `${CM}?${query}`, want.length, 500))).toEqual(want);
  });

  it('reports objects entering a label selection as ADDED and leaving it as DELETED', async () => {
    const list = await call(server, CM);
    const rv = at(list.json, 'metadata.resourceVersion') as string;
    const { opened, events } = watch(server, `${CM}?watch=true&resourceVersion=${rv}&labelSelector=phase%3Da`, 4);
    await opened;
    const relabel = (phase: string): Promise<unknown> =>
      call(server, `${CM}/moving`, { method: 'PATCH', contentType: 'application/merge-patch+json', body: { metadata: { labels: { phase } } } });
    await call(server, CM, { method: 'POST', body: configMap('moving', 'watched', { metadata: { labels: { phase: 'a' } } }) });
    await relabel('b');
    await relabel('c');
    await relabel('a');
    await call(server, `${CM}/moving`, { method: 'PATCH', contentType: 'application/merge-patch+json', body: { data: { key: 'changed' } } });
    expect(summary(await events)).toEqual(['ADDED moving', 'DELETED moving', 'ADDED moving', 'MODIFIED moving']);
  });

  it('answers a too old resourceVersion with an ERROR event carrying 410 Expired', async () => {
    for (let i = 0; i < 60; i++) await call(server, CM, { method: 'POST', body: configMap(`bulk-${i}`, 'watched') });
    const events = await collect(server, `${CM}?watch=true&resourceVersion=2`, 1);
    expect(events).toEqual([{ type: 'ERROR', object: expect.objectContaining({ kind: 'Status', code: 410, reason: 'Expired', message: expect.stringContaining('too old resource version: 2') }) }]);
  });

  it('ends the stream after timeoutSeconds', async () => {
    const started = Date.now();
    const events = await collect(server, `${CM}?watch=true&resourceVersion=${Number.MAX_SAFE_INTEGER}&timeoutSeconds=1`, 99, 3000);
    expect(events).toEqual([]);
    expect(Date.now() - started).toBeLessThan(2500);
  });
});
