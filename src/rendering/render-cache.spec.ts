import { describe, expect, it } from 'vitest';
import type { RenderedManifests } from './application-source';
import { cacheId, RenderCache, type RenderCacheKey } from './render-cache';

const key = (overrides: Partial<RenderCacheKey> = {}): RenderCacheKey => ({ repoURL: 'https://git.local/a', sha: 'a'.repeat(40), path: 'apps/x', options: { kustomize: { namePrefix: 'p-' } }, ...overrides });
const manifests = (name: string): RenderedManifests => ({ tool: 'directory', objects: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } }] });

/** A render whose completion the test controls, counting how often it was started. */
function controlledRender(name: string) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const calls = { count: 0 };
  const render = async () => {
    calls.count += 1;
    await gate;
    return manifests(name);
  };
  return { render, release, calls };
}

describe('RenderCache', () => {
  it('renders once for concurrent requests of the same key', async () => {
    const cache = new RenderCache();
    const { render, release, calls } = controlledRender('a');
    const requests = [cache.getOrRender(key(), render), cache.getOrRender(key(), render)];
    release();
    const [first, second] = await Promise.all(requests);
    expect(calls.count).toBe(1);
    expect(first).toBe(second);
    await expect(cache.getOrRender(key(), render)).resolves.toBe(first);
    expect(calls.count).toBe(1);
    expect(cache.stats()).toMatchObject({ hits: 2, misses: 1, entries: 1 });
  });

  it.each([
    { name: 'another commit', other: key({ sha: 'b'.repeat(40) }), same: false },
    { name: 'another path', other: key({ path: 'apps/y' }), same: false },
    { name: 'other options', other: key({ options: { kustomize: { namePrefix: 'q-' } } }), same: false },
    { name: 'another repository', other: key({ repoURL: 'https://git.local/b' }), same: false },
    { name: 'the same options in another key order', other: key({ options: { kustomize: { namePrefix: 'p-', nameSuffix: undefined } } }), same: true },
  ])('keys: $name → same entry: $same', ({ other, same }) => {
    expect(cacheId(other) === cacheId(key())).toBe(same);
  });

  it('evicts the least recently used entry beyond maxEntries', async () => {
    const cache = new RenderCache({ maxEntries: 2 });
    const load = (name: string) => cache.getOrRender(key({ path: name }), async () => manifests(name));
    await load('a');
    await load('b');
    await load('a');
    await load('c');
    let renders = 0;
    await cache.getOrRender(key({ path: 'a' }), async () => (renders++, manifests('a')));
    await cache.getOrRender(key({ path: 'b' }), async () => (renders++, manifests('b')));
    expect(renders).toBe(1);
    expect(cache.stats().entries).toBe(2);
  });

  it('bounds the cached bytes and skips a result larger than the bound', async () => {
    const size = Buffer.byteLength(JSON.stringify(manifests('a').objects));
    const cache = new RenderCache({ maxBytes: size * 2 });
    for (const name of ['a', 'b', 'c']) await cache.getOrRender(key({ path: name }), async () => manifests(name));
    expect(cache.stats()).toMatchObject({ entries: 2, bytes: size * 2 });
    const huge = new RenderCache({ maxBytes: size - 1 });
    await huge.getOrRender(key(), async () => manifests('a'));
    expect(huge.stats().entries).toBe(0);
  });

  it('does not cache a failure, and shares it with concurrent callers', async () => {
    const cache = new RenderCache();
    let calls = 0;
    const failing = async () => {
      calls += 1;
      throw new Error('timeout');
    };
    const results = await Promise.allSettled([cache.getOrRender(key(), failing), cache.getOrRender(key(), failing)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(calls).toBe(1);
    await expect(cache.getOrRender(key(), async () => manifests('ok'))).resolves.toMatchObject({ objects: [{ metadata: { name: 'ok' } }] });
  });

  it('forgets every stored render of one source, and only of that source', async () => {
    const cache = new RenderCache();
    const load = (k: RenderCacheKey, name: string) => cache.getOrRender(k, async () => manifests(name));
    await load(key(), 'a');
    await load(key({ sha: 'b'.repeat(40) }), 'a-older');
    await load(key({ path: 'apps/y' }), 'y');
    expect(cache.forgetSource(key().repoURL, key().path)).toBe(2);
    expect(cache.stats()).toMatchObject({ entries: 1, bytes: Buffer.byteLength(JSON.stringify(manifests('y').objects)) });
    await expect(load(key(), 'a-again')).resolves.toMatchObject({ objects: [{ metadata: { name: 'a-again' } }] });
    await expect(load(key({ path: 'apps/y' }), 'y-again')).resolves.toMatchObject({ objects: [{ metadata: { name: 'y' } }] });
  });

  it('hands out frozen objects so one caller cannot change another caller’s manifests', async () => {
    const cache = new RenderCache();
    const result = await cache.getOrRender(key(), async () => manifests('a'));
    expect(() => {
      (result.objects[0].metadata as { name: string }).name = 'changed';
    }).toThrow(TypeError);
  });
});
