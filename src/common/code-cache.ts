import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';

export interface CodeCacheOptions {
  /** Where caches are kept, one per version of the file (its digest names it). */
  readonly cacheDir: string;
  /** false: compile without a cache and write none. */
  readonly useCache: boolean;
  /** How long after running the file its cache is written (functions compiled by then are in it). */
  readonly writeAfterMs: number;
}

export interface CodeCacheOutcome {
  /** 'used': compiled from the cache; 'none': there was none (or it was refused, or caching is off). */
  cache: 'used' | 'none';
  /** Resolves once the cache is written, or is known not to be (unwritable directory, a cache already used). */
  written: Promise<boolean>;
}

/**
 * Runs `file`, one function expression holding a CommonJS module's body (`(function (exports, require, module,
 * __filename, __dirname) {…})`, as scripts/bundle-hub.mjs writes the hub), compiled with the V8 code cache an
 * earlier run of the same file left in `cacheDir`, and writes one when there was none.
 */
export function runWithCodeCache(file: string, options: CodeCacheOptions): CodeCacheOutcome {
  const { script, cacheFile, used } = compile(file, options.cacheDir, options.useCache);
  const module = { exports: {} };
  // As node's own loader calls a module's wrapper: `this` is the module's exports.
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  if (!options.useCache || used || !writable(options.cacheDir)) return { cache: used ? 'used' : 'none', written: Promise.resolve(false) };
  const written = new Promise<boolean>((resolve) => {
    // Real time: this runs before the hub (and its clock) exist. Unreferenced, so it keeps no process alive.
    // eslint-disable-next-line no-restricted-globals
    setTimeout(() => void writeCache(cacheFile, script).then(resolve), options.writeAfterMs).unref();
  });
  return { cache: 'none', written };
}

/**
 * The file compiled, with the cache named for it when there is a good one. Its own function so that the file's bytes
 * and the cache's (8 MB and more, outside the heap) are garbage before the hub's code runs: referenced from the
 * running frame, they would outlive the young generation and stay in memory until the first full collection.
 */
function compile(file: string, cacheDir: string, useCache: boolean): { script: vm.Script; cacheFile: string; used: boolean } {
  const source = fs.readFileSync(file);
  // V8 checks a cache against the length of the source and its own version and flags only, and aborts the process
  // on a payload it cannot read: the digest of the file, node's build and its flags name the cache it may use.
  const key = createHash('sha256').update(source).update(`\0${process.version}\0${process.arch}\0${process.execArgv.join(' ')}`).digest('hex');
  const cacheFile = path.join(cacheDir, `${path.basename(file, '.js')}-${key.slice(0, 32)}.v8`);
  const cachedData = useCache ? readCache(cacheFile) : undefined;
  const script = new vm.Script(source.toString('utf8'), { filename: file, cachedData });
  return { script, cacheFile, used: cachedData !== undefined && !script.cachedDataRejected };
}

/**
 * The cache's payload, when the digest on its first line matches it: V8 would run a damaged payload whose header is
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

function writable(dir: string): boolean {
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Written whole or not at all (another process may be reading it), off the event loop but for the serialising; the
 * caches of earlier versions of the file go, and so do temporary files a killed process left.
 */
async function writeCache(file: string, script: vm.Script): Promise<boolean> {
  const temporary = `${file}.${randomBytes(6).toString('hex')}`;
  try {
    const payload = script.createCachedData();
    const handle = await fs.promises.open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(Buffer.concat([Buffer.from(`${sha256(payload)}\n`, 'latin1'), payload]));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.promises.rename(temporary, file);
    const current = path.basename(file);
    const stem = current.replace(/-[0-9a-f]{32}\.v8$/, '');
    for (const name of await fs.promises.readdir(path.dirname(file))) {
      const match = /^-[0-9a-f]{32}\.v8(\.[0-9a-f]{12})?$/.exec(name.slice(stem.length));
      if (name === current || !name.startsWith(`${stem}-`) || !match) continue;
      const other = path.join(path.dirname(file), name);
      // Another process's temporary file is left alone while it may still be writing it (file times are real time).
      // eslint-disable-next-line no-restricted-syntax
      if (match[1] && Date.now() - (await fs.promises.stat(other)).mtimeMs < 60_000) continue;
      await fs.promises.rm(other, { force: true });
    }
    return true;
  } catch {
    await fs.promises.rm(temporary, { force: true }).catch(() => undefined);
    return false;
  }
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
