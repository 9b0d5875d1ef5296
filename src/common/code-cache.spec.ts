import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runWithCodeCache } from './code-cache';

/** A file shaped as the hub's bundle: one CommonJS wrapper, whose body reports what it was given. */
function bundleSource(marker: string): string {
  const body = Array.from({ length: 200 }, (_, index) => `function f${index}(x) { return x * ${index} + ${JSON.stringify(marker)}.length; }`).join('\n');
  return `(function (exports, require, module, __filename, __dirname) {\n${body}\nglobalThis.__codeCacheRun = { marker: ${JSON.stringify(marker)}, path: require('node:path').sep, dirname: __dirname, sum: f199(2) };\nmodule.exports = 1;\n})`;
}

describe('runWithCodeCache', () => {
  let dir: string;
  let bundle: string;
  let cacheDir: string;
  const run = (useCache = true) => runWithCodeCache(bundle, { cacheDir, useCache, writeAfterMs: 0 });
  const caches = () => (fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir).sort() : []);

  // Within one process V8 serves a script it compiled before from its own cache and never reads the one given to it:
  // without this, "used" would hold for any payload, as it does not across processes.
  beforeAll(() => v8.setFlagsFromString('--no-compilation-cache'));
  afterAll(() => v8.setFlagsFromString('--compilation-cache'));

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flotilla-code-cache-'));
    bundle = path.join(dir, 'hub.js');
    cacheDir = path.join(dir, 'cache');
    fs.writeFileSync(bundle, bundleSource('first'));
  });

  afterEach(() => {
    delete (globalThis as { __codeCacheRun?: unknown }).__codeCacheRun;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs the file as a CommonJS module, writes a cache, and compiles from it the next time', async () => {
    const first = run();
    expect(first.cache).toBe('none');
    expect((globalThis as { __codeCacheRun?: unknown }).__codeCacheRun).toEqual({ marker: 'first', path: path.sep, dirname: dir, sum: 2 * 199 + 5 });
    expect(await first.written).toBe(true);
    expect(caches()).toEqual([expect.stringMatching(/^hub-[0-9a-f]{32}\.v8$/)]);
    const second = run();
    expect(second.cache).toBe('used');
    expect(await second.written).toBe(false);
  });

  it('never uses the cache of another version of the file, and keeps only the newest', async () => {
    await run().written;
    const [older] = caches();
    // Same length, other content: V8's own check (the length) would accept the old cache.
    fs.writeFileSync(bundle, bundleSource('other'));
    const changed = run();
    expect(changed.cache).toBe('none');
    expect((globalThis as { __codeCacheRun?: { marker: string } }).__codeCacheRun?.marker).toBe('other');
    expect(await changed.written).toBe(true);
    expect(caches()).toHaveLength(1);
    expect(caches()[0]).not.toBe(older);
  });

  it('refuses a cache whose payload was damaged, and writes a sound one', async () => {
    await run().written;
    const file = path.join(cacheDir, caches()[0]);
    const damaged = fs.readFileSync(file);
    damaged.fill(0, damaged.length - 64);
    fs.writeFileSync(file, damaged);
    const again = run();
    expect(again.cache).toBe('none');
    expect(await again.written).toBe(true);
    expect(run().cache).toBe('used');
  });

  it('cleans up the temporary files a killed writer left, once they are a minute old', async () => {
    await run().written;
    const [cache] = caches();
    const stale = path.join(cacheDir, `${cache}.0123456789ab`);
    const fresh = path.join(cacheDir, `${cache}.ba9876543210`);
    fs.writeFileSync(stale, 'half');
    fs.writeFileSync(fresh, 'half');
    fs.utimesSync(stale, new Date(Date.now() - 120_000), new Date(Date.now() - 120_000));
    fs.writeFileSync(bundle, bundleSource('third'));
    expect(await run().written).toBe(true);
    expect(caches()).toHaveLength(2);
    expect(caches()).toEqual(expect.arrayContaining([path.basename(fresh), expect.stringMatching(/^hub-[0-9a-f]{32}\.v8$/)]));
    expect(caches()).not.toContain(cache);
  });

  it('writes nothing when caching is off or the directory cannot be made', async () => {
    expect(await run(false).written).toBe(false);
    expect(caches()).toEqual([]);
    fs.writeFileSync(cacheDir, 'a file where the directory would go');
    const blocked = run();
    expect(blocked.cache).toBe('none');
    expect(await blocked.written).toBe(false);
  });
});
