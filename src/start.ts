/**
 * What `npm start` and the image run: the bundled hub (dist/hub.js, made by scripts/bundle-hub.mjs), compiled with the
 * V8 code cache the previous start left beside it; main.ts as compiled when there is no bundle. A restart spent about
 * a third of its time finding, reading and compiling module files; one file whose functions come compiled from the
 * cache starts in about 0.9 s instead of 1.5 s (docs/benchmarks.md). Node 22's module.enableCompileCache does the
 * caching part itself; the hub still runs on Node 20.
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';

const BUNDLE = path.join(__dirname, '..', 'hub.js');
const CACHE = `${BUNDLE}.cache`;
/** Long enough for a start to have compiled what it runs (the cache then holds those functions), short enough to matter. */
const WRITE_CACHE_AFTER_MS = 10_000;

if (fs.existsSync(BUNDLE)) runBundle();
// eslint-disable-next-line @typescript-eslint/no-require-imports -- main.ts starts the hub when loaded: only without a bundle.
else require('./main');

function runBundle(): void {
  const source = fs.readFileSync(BUNDLE, 'utf8');
  // V8 checks a cache against the source's length only: the key (size and modification time) tells rebuilds apart.
  const { size, mtimeMs } = fs.statSync(BUNDLE);
  const key = Buffer.from(`${size}:${mtimeMs}\n`);
  const cachedData = readCache(key);
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: BUNDLE,
    cachedData,
  });
  const bundleModule = { exports: {} };
  (script.runInThisContext() as (...args: unknown[]) => void)(bundleModule.exports, createRequire(BUNDLE), bundleModule, BUNDLE, path.dirname(BUNDLE));
  if (cachedData === undefined || script.cachedDataRejected) {
    // Not at exit: Nest ends a stopped hub by raising the signal again, and no 'exit' event comes.
    // eslint-disable-next-line no-restricted-globals -- real time: this runs before the hub (and its clock) exist.
    setTimeout(() => writeCache(key, script.createCachedData()), WRITE_CACHE_AFTER_MS).unref();
  }
}

function readCache(key: Buffer): Buffer | undefined {
  try {
    const cache = fs.readFileSync(CACHE);
    return cache.subarray(0, key.length).equals(key) ? cache.subarray(key.length) : undefined;
  } catch {
    return undefined;
  }
}

/** Written whole or not at all (another hub on the same install may be reading it); an unwritable dist/ goes without. */
function writeCache(key: Buffer, data: Buffer): void {
  const temporary = `${CACHE}.${process.pid}`;
  try {
    fs.writeFileSync(temporary, Buffer.concat([key, data]));
    fs.renameSync(temporary, CACHE);
  } catch {
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // nothing was written
    }
  }
}
