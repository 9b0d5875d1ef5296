import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { folderCycles, folderGraph } from '../../scripts/architecture/folder-graph';
import { outsidePaths } from '../../scripts/architecture/outside-paths';

const repoRoot = path.resolve(__dirname, '../..');

describe('layering lint (the real eslint.config.mjs)', () => {
  // Type-aware rules need a TypeScript program; the planted snippets exist only in memory, so those are off here.
  const eslint = new ESLint({ cwd: repoRoot, overrideConfig: [tseslint.configs.disableTypeChecked] });

  const messagesFor = async (file: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, file) });
    return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
  };

  it.each([
    { name: 'TypeORM in a service', file: 'src/clusters/planted.ts', code: "import { Repository } from 'typeorm';\nexport type R = Repository<object>;\n", rule: /flotilla\/layering: "typeorm" may only be imported in src\/database\/ or src\/repositories\// },
    { name: '@nestjs/typeorm in a feature module', file: 'src/projects/planted.ts', code: "import { TypeOrmModule } from '@nestjs/typeorm';\nexport const m = TypeOrmModule;\n", rule: /flotilla\/layering: "@nestjs\/typeorm"/ },
    { name: 'client-node anywhere in the hub', file: 'src/kubernetes/planted.ts', code: "import { KubeConfig } from '@kubernetes/client-node';\nexport const k = new KubeConfig();\n", rule: /flotilla\/layering: "@kubernetes\/client-node" may only be imported in tests/ },
    { name: 'simple-git outside the Git adapter', file: 'src/rendering/planted.ts', code: "import { simpleGit } from 'simple-git';\nexport const g = simpleGit;\n", rule: /flotilla\/layering: "simple-git"/ },
    { name: 'src importing the test suite', file: 'src/sync/planted.ts', code: "import { startKubeApiServer } from '../../test/support/kube-api';\nexport const s = startKubeApiServer;\n", rule: /flotilla\/layering: src may not import "..\/..\/test\/support\/kube-api"/ },
    { name: 'src importing the examples', file: 'src/sync/planted.ts', code: "export { default } from '../../examples/fleet-repo/x';\n", rule: /flotilla\/layering: src may not import/ },
    { name: 'a timer outside the clock', file: 'src/reconcile/planted.ts', code: 'export const t = setTimeout(() => undefined, 10);\n', rule: /no-restricted-globals: Unexpected use of 'setTimeout'\. Use the Clock adapter/ },
    { name: 'Date.now outside the clock', file: 'src/applicationsets/planted.ts', code: 'export const n = Date.now();\n', rule: /no-restricted-syntax: Use clock\.now\(\)/ },
    { name: 'new Date() outside the clock', file: 'src/auth/planted.ts', code: 'export const n = new Date();\n', rule: /no-restricted-syntax: Use clock\.now\(\)/ },
  ])('fails on $name', async ({ file, code, rule }) => {
    expect(await messagesFor(file, code)).toContainEqual(expect.stringMatching(rule));
  });

  it.each([
    { name: 'TypeORM in the data layer', file: 'src/repositories/planted.ts', code: "import { Repository } from 'typeorm';\nexport type R = Repository<object>;\n" },
    { name: 'client-node in a test of the hub', file: 'src/kubernetes/planted.spec.ts', code: "import { KubeConfig } from '@kubernetes/client-node';\nexport const k = new KubeConfig();\n" },
    { name: 'timers in the clock adapter', file: 'src/clock/planted.ts', code: 'export const t = setTimeout(() => Date.now(), 10);\n' },
    { name: 'a parsed date', file: 'src/auth/planted.ts', code: "export const d = new Date('2026-01-01T00:00:00Z');\n" },
  ])('accepts $name', async ({ file, code }) => {
    expect(await messagesFor(file, code)).toEqual([]);
  });
});

describe('folder cycles and outside paths', () => {
  let planted: string;

  const write = (relative: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(planted, relative)), { recursive: true });
    fs.writeFileSync(path.join(planted, relative), text);
  };

  beforeAll(() => {
    planted = fs.mkdtempSync(path.join(os.tmpdir(), 'flotilla-architecture-'));
    write('src/sync/engine.ts', "import { worker } from '../reconcile/worker';\nexport const engine = worker;\n");
    write('src/reconcile/worker.ts', "import { helper } from '../common';\nexport const worker = helper;\n");
    write('src/common/index.ts', "import { engine } from '../sync/engine';\nexport const helper = engine;\n");
    write('src/domain/types.ts', 'export type T = string;\n');
    write('src/sync/engine.spec.ts', "import { worker } from '../reconcile/worker';\nexport const w = worker;\n");
    // The planted paths are assembled from pieces so that this file itself names no path outside the repository.
    const sibling = ['..', '..', '..', 'shared', 'fixtures', 'seed-fleet-repo'].join('/');
    const machinePath = ['', 'work', 'shared', 'fixtures', 'seed-fleet-repo', 'apps'].join('/');
    write('test/support/fixture.ts', `import * as path from 'node:path';\nexport const repo = path.resolve(__dirname, '${sibling}');\n`);
    write('scripts/bench.ts', `export const overlay = '${machinePath}';\nexport const inside = require('../src/domain/types');\n`);
  });

  afterAll(() => {
    fs.rmSync(planted, { recursive: true, force: true });
  });

  it('src/ has no import cycle between its folders', () => {
    expect(folderCycles(folderGraph(path.join(repoRoot, 'src')))).toEqual([]);
  });

  it('finds a planted cycle of three folders (a directory import included)', () => {
    expect(folderCycles(folderGraph(path.join(planted, 'src')))).toEqual([['common', 'reconcile', 'sync']]);
  });

  it('no file in src/, test/ or scripts/ names a path outside the repository', () => {
    expect(outsidePaths(repoRoot, ['src', 'test', 'scripts'])).toEqual([]);
  });

  it('finds planted outside paths: a climb to a sibling folder and a machine path', () => {
    const hits = outsidePaths(planted, ['src', 'test', 'scripts']).map((hit) => `${hit.file}:${hit.line}`).sort();
    expect(hits).toEqual(['scripts/bench.ts:1', 'scripts/bench.ts:1', 'test/support/fixture.ts:2', 'test/support/fixture.ts:2']);
  });
});
