/**
 * What `npm start` and the image run: the bundled hub (dist/hub.js, made by scripts/bundle-hub.mjs), compiled with the
 * V8 code cache an earlier start of the same bundle left in node_modules/.cache/flotilla (common/code-cache.ts);
 * main.ts as compiled when there is no bundle. That restarts in 0.7–0.8 s, where the unbundled hub (some 2,100
 * module files to find, read and compile) takes 1.4–1.5 s (docs/benchmarks.md). Node 22's module.enableCompileCache does the caching
 * part itself; the hub still runs on Node 20. FLOTILLA_CODE_CACHE=off starts without the cache.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runWithCodeCache } from './common/code-cache';

const BUNDLE = path.join(__dirname, '..', 'hub.js');

if (fs.existsSync(BUNDLE)) {
  runWithCodeCache(BUNDLE, {
    // Where build tools keep their caches, beside the installed packages: it outlives `npm run build`, which empties
    // dist/ (and which `npm start` runs first). An install nobody may write to (the image) starts without a cache.
    cacheDir: path.join(__dirname, '..', '..', 'node_modules', '.cache', 'flotilla'),
    useCache: process.env.FLOTILLA_CODE_CACHE !== 'off',
    // Long enough for a start to have compiled what it runs (the cache then holds those functions); not at exit,
    // because Nest ends a stopped hub by raising the signal again, and no 'exit' event comes.
    writeAfterMs: 10_000,
  });
} else {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- main.ts starts the hub when loaded: only without a bundle.
  require('./main');
}
