// ESLint rule `flotilla/layering`: every outside system is reached through one adapter folder, and nothing in src/
// (tests included) reaches into test/, scripts/ or examples/. The table below is the whole policy.
import path from 'node:path';

/** Packages that only their adapter folder (or file) may import, and why. */
export const ADAPTER_BOUNDARIES = [
  { packages: /^(typeorm|@nestjs\/typeorm)(\/|$)/, allowed: ['src/database/', 'src/repositories/'], why: 'TypeORM is the data layer: queries live in src/repositories, the schema in src/database' },
  { packages: /^(pg|@electric-sql\/.*)$/, allowed: ['src/database/'], why: 'the database drivers are wired in src/database only' },
  {
    packages: /^@kubernetes\/client-node(\/|$)/,
    allowed: ['tests (a dev dependency)'],
    why: 'the hub reaches clusters through src/kubernetes/cluster-http.ts; client-node is the tests\' independent client (src/sync/README.md, "The wire")',
  },
  { packages: /^simple-git$/, allowed: ['src/git/'], why: 'Git is reached through the adapter in src/git' },
  { packages: /^(node:)?child_process$/, allowed: ['src/render-tools/', 'src/database/embedded/'], why: 'external programs run through their adapters: kustomize and helm in src/render-tools, the embedded PostgreSQL server in src/database/embedded; git through src/git' },
  { packages: /^casbin(\/|$)/, allowed: ['src/access/casbin-enforcer.ts'], why: 'the policy engine is reached through its adapter, src/access/casbin-enforcer.ts' },
  { packages: /^@nestjs\/schedule$/, allowed: ['src/clock/', 'src/app.module.ts'], why: 'timers go through the clock adapter in src/clock' },
];

/** Relative imports from src/ must stay inside src/ (and the migrations it runs). */
const SRC_MAY_REACH = ['src/', 'migrations/'];

function posix(p) {
  return p.split(path.sep).join('/');
}

export const layeringRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Outside systems only through their adapter folder; src never imports test code or examples' },
    schema: [],
    messages: {
      adapter: '"{{module}}" may only be imported in {{allowed}}: {{why}}.',
      outsideSrc: 'src may not import "{{module}}": production code never depends on {{target}}.',
    },
  },
  create(context) {
    const root = posix(context.cwd ?? process.cwd());
    const file = posix(path.resolve(context.filename));
    const relativeFile = file.startsWith(`${root}/`) ? file.slice(root.length + 1) : file;
    if (!relativeFile.startsWith('src/')) return {};
    const isTestFile = relativeFile.endsWith('.spec.ts') || relativeFile.includes('/testing/');
    const check = (node, specifier) => {
      if (typeof specifier !== 'string') return;
      if (specifier.startsWith('.')) {
        const target = posix(path.relative(root, path.resolve(path.dirname(file), specifier)));
        if (!SRC_MAY_REACH.some((prefix) => `${target}/`.startsWith(prefix))) {
          context.report({ node, messageId: 'outsideSrc', data: { module: specifier, target: target.split('/')[0] + '/' } });
        }
        return;
      }
      // Tests may drive an outside system directly to set up their subject (openssl for a PKI, git for a repository).
      if (isTestFile) return;
      for (const boundary of ADAPTER_BOUNDARIES) {
        if (!boundary.packages.test(specifier)) continue;
        if (boundary.allowed.some((allowed) => relativeFile === allowed || relativeFile.startsWith(allowed))) continue;
        context.report({ node, messageId: 'adapter', data: { module: specifier, allowed: boundary.allowed.join(' or '), why: boundary.why } });
      }
    };
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') check(node.arguments[0], node.arguments[0].value);
      },
    };
  },
};

export default { rules: { layering: layeringRule } };
