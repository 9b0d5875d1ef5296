/**
 * `npm run lint` runs this after ESLint: zero import cycles between the folders of src/, and no path outside the
 * repository named anywhere in src/, test/ or scripts/ (a fresh clone must pass its own tests).
 */
import * as path from 'node:path';
import { cycleEdges, folderCycles, folderGraph } from './folder-graph';
import { outsidePaths } from './outside-paths';

const repoRoot = path.resolve(__dirname, '../..');
let failed = false;

const graph = folderGraph(path.join(repoRoot, 'src'));
const cycles = folderCycles(graph);
for (const cycle of cycles) {
  failed = true;
  console.error(`Import cycle between folders: ${cycle.join(', ')}`);
  for (const edge of cycleEdges(graph, cycle)) console.error(`  ${edge}`);
}

const outside = outsidePaths(repoRoot, ['src', 'test', 'scripts']);
for (const hit of outside) {
  failed = true;
  console.error(`${hit.file}:${hit.line}: "${hit.text}" — ${hit.reason}`);
}

if (failed) process.exit(1);
console.log(`architecture: ${graph.size} folders in src/, no import cycles between them; no path outside the repository in src/, test/, scripts/`);
