/**
 * What `npm start` and the image run: the bundled hub (dist/hub.js, made by scripts/bundle-hub.mjs), compiled with the
 * V8 code cache an earlier start of the same bundle left in node_modules/.cache/flotilla; main.ts as compiled when
 * there is no bundle. Unbundled, node spent about 0.6 s of a 1.4 s restart finding, reading and compiling some 2,100
 * module files (docs/benchmarks.md). Node 22's module.enableCompileCache does the caching part itself; the hub still
 * runs on Node 20. FLOTILLA_CODE_CACHE=off starts without the cache.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';

const BUNDLE = path.join(__dirname, '..', 'hub.js');
/**
 * Where build tools keep their caches, beside the installed packages: it outlives `npm run build`, which empties
 * dist/ (and which `npm start` runs first). An install nobody may write to (the image) starts without a cache.
 */
const CACHE_DIR = path.join(__dirname, '..', '..', 'node_modules', '.cache', 'flotilla');
/** Long enough for a start to have compiled what it runs (the cache then holds those functions), short enough to matter. */
const WRITE_CACHE_AFTER_MS = 10_000;

if (fs.existsSync(BUNDLE)) runBundle(process.env.FLOTILLA_CODE_CACHE !== 'off');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- main.ts starts the hub when loaded: only without a bundle.
else require('./main');

function runBundle(useCache: boolean): void {
  const source = fs.readFileSync(BUNDLE);
  // V8 checks a cache against the length of the source only: the bundle's digest names the cache it may use.
  const cacheFile = path.join(CACHE_DIR, `hub-${sha256(source).slice(0, 32)}.v8`);
  const cachedData = useCache ? readCache(cacheFile) : undefined;
  // The bundle is one function expression (a CommonJS module's wrapper and body; see scripts/bundle-hub.mjs).
  const script = new vm.Script(source.toString('utf8'), { filename: BUNDLE, cachedData });
  const bundleModule = { exports: {} };
  (script.runInThisContext() as (...args: unknown[]) => void)(bundleModule.exports, createRequire(BUNDLE), bundleModule, BUNDLE, path.dirname(BUNDLE));
  if (useCache && (cachedData === undefined || script.cachedDataRejected) && cacheDirWritable()) {
    // Not at exit: Nest ends a stopped hub by raising the signal again, and no 'exit' event comes.
    // eslint-disable-next-line no-restricted-globals -- real time: this runs before the hub (and its clock) exist.
    setTimeout(() => writeCache(cacheFile, script.createCachedData()), WRITE_CACHE_AFTER_MS).unref();
  }
}

/**
 * The cache's payload, when its digest (the first line) matches it: V8 would run a damaged payload whose header is
 * intact, and a cache it accepts is never written again.
 */
function readCache(file: string): Buffer | undefined {
  try {
    const cache = fs.readFileSync(file);
    const newline = cache.indexOf(0x0a);
    const payload = cache.subarray(newline + 1);
    return newline > 0 && cache.subarray(0, newline).toString('latin1') === sha256(payload) ? payload : undefined;
  } catch {
    return undefined;
  }
}

function cacheDirWritable(): boolean {
  try {
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    fs.accessSync(CACHE_DIR, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Written whole or not at all (another hub of the same install may be reading it), and the caches of earlier bundles
 * go: each build makes a new one.
 */
function writeCache(file: string, payload: Buffer): void {
  const temporary = `${file}.${randomBytes(6).toString('hex')}`;
  try {
    const descriptor = fs.openSync(temporary, 'wx', 0o600);
    try {
      fs.writeFileSync(descriptor, Buffer.concat([Buffer.from(`${sha256(payload)}\n`, 'latin1'), payload]));
      fs.fsyncSync(descriptor);
    } finally {
      fs.closeSync(descriptor);
    }
    fs.renameSync(temporary, file);
    for (const name of fs.readdirSync(CACHE_DIR)) {
      if (/^hub-[0-9a-f]{32}\.v8$/.test(name) && name !== path.basename(file)) fs.rmSync(path.join(CACHE_DIR, name), { force: true });
    }
  } catch {
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // nothing was written
    }
  }
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
