import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { typeScriptFiles } from './source-files';

export interface OutsidePath {
  file: string;
  line: number;
  text: string;
  reason: string;
}

// Absolute paths that can only name something on one particular machine: a home or a workspace.
const MACHINE_PATH = /(^|[\s'"`=(])\/(work|home|root|Users|workspace)\/[\w.-]/;

// Calls whose string arguments are file system paths (a relative path elsewhere is data, e.g. a traversal test).
const PATH_CALLS = new Set(['resolve', 'join', 'readFileSync', 'readFile', 'existsSync', 'cpSync', 'cp', 'copyFile', 'readdirSync', 'require']);

function isPathArgument(node: ts.Node): boolean {
  const parent = node.parent;
  if (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent)) return true;
  if (!ts.isCallExpression(parent) || !parent.arguments.includes(node as ts.Expression)) return false;
  const callee = parent.expression;
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
  return PATH_CALLS.has(name);
}

/**
 * String literals in the project's code that name a path outside the repository: a relative path that climbs
 * out of it from the file that holds it, an absolute machine-specific path, or the sibling `shared/` folder that
 * exists only beside a CI checkout. Such a reference makes a fresh clone fail where the author's machine passed.
 */
export function outsidePaths(repoRoot: string, dirs: string[]): OutsidePath[] {
  const root = path.resolve(repoRoot);
  const found: OutsidePath[] = [];
  for (const dir of dirs) {
    const absolute = path.join(root, dir);
    if (!fs.existsSync(absolute)) continue;
    for (const file of typeScriptFiles(absolute)) {
      const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
      const report = (node: ts.Node, text: string, reason: string) =>
        found.push({ file: path.relative(root, file), line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, text, reason });
      const visit = (node: ts.Node): void => {
        if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
          const text = node.text;
          if ((/(^|\/)\.\.\//.test(text) || text === '..') && isPathArgument(node)) {
            const resolved = path.resolve(path.dirname(file), text.slice(text.indexOf('..')));
            if (resolved !== root && !resolved.startsWith(`${root}${path.sep}`)) report(node, text, `climbs out of the repository (resolves to ${resolved})`);
          }
          if (MACHINE_PATH.test(text)) report(node, text, 'an absolute path that exists only on one machine');
          if (/shared\/fixtures|shared\/docs/.test(text)) report(node, text, 'the sibling shared/ folder is not part of a clone');
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
  }
  return found;
}
