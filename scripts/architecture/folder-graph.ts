import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { typeScriptFiles } from './source-files';

/** folder → the folders it imports, each with the files (and specifiers) that make the edge. */
export type FolderGraph = Map<string, Map<string, string[]>>;

/** Every module specifier of a file: imports, re-exports, `import()` and `require()` calls. */
export function moduleSpecifiers(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const specifiers: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      specifiers.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0])) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) specifiers.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specifiers;
}

/**
 * The import graph between the top-level folders of `srcDir` (files directly in it form the `(root)` node, the
 * composition root). Spec files are left out: a test may reach across folders to set up its subject.
 */
export function folderGraph(srcDir: string): FolderGraph {
  const root = path.resolve(srcDir);
  const folderOf = (file: string): string => {
    const parts = path.relative(root, file).split(path.sep);
    return parts.length > 1 ? parts[0] : '(root)';
  };
  const graph: FolderGraph = new Map();
  for (const file of typeScriptFiles(root).filter((f) => !f.endsWith('.spec.ts'))) {
    const from = folderOf(file);
    if (!graph.has(from)) graph.set(from, new Map());
    for (const specifier of moduleSpecifiers(file)) {
      if (!specifier.startsWith('.')) continue;
      const target = path.resolve(path.dirname(file), specifier);
      if (!target.startsWith(`${root}${path.sep}`)) continue;
      const to = folderOf(isDirectory(target) ? path.join(target, 'index.ts') : target);
      if (to === from) continue;
      const edges = graph.get(from)!;
      edges.set(to, [...(edges.get(to) ?? []), `${path.relative(root, file)} → ${specifier}`]);
    }
  }
  return graph;
}

function isDirectory(target: string): boolean {
  return fs.existsSync(target) && fs.statSync(target).isDirectory();
}

/** The folder cycles of a graph (its strongly connected components with more than one folder), via Tarjan. */
export function folderCycles(graph: FolderGraph): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const lowLinks = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const connect = (node: string): void => {
    indices.set(node, index);
    lowLinks.set(node, index);
    index++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node)?.keys() ?? []) {
      if (!indices.has(next)) {
        connect(next);
        lowLinks.set(node, Math.min(lowLinks.get(node)!, lowLinks.get(next)!));
      } else if (onStack.has(next)) {
        lowLinks.set(node, Math.min(lowLinks.get(node)!, indices.get(next)!));
      }
    }
    if (lowLinks.get(node) === indices.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!indices.has(node)) connect(node);
  return cycles;
}

/** The edges inside a cycle, for a readable report ("a → b because src/a/x.ts imports ../b/y"). */
export function cycleEdges(graph: FolderGraph, cycle: string[]): string[] {
  const members = new Set(cycle);
  const lines: string[] = [];
  for (const from of cycle) {
    for (const [to, reasons] of graph.get(from) ?? []) {
      if (members.has(to)) lines.push(`${from} → ${to}: ${reasons[0]}${reasons.length > 1 ? ` (+${reasons.length - 1} more)` : ''}`);
    }
  }
  return lines;
}
