import * as fs from 'node:fs';
import * as path from 'node:path';

/** One file of the dashboard, read once at start-up. */
export interface DashboardAsset {
  body: Buffer;
  contentType: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * The folder of the dashboard's files: next to this module both in the source tree (tests run from source) and in
 * dist/src/dashboard after `nest build` (nest-cli.json copies public/ there as an asset).
 */
export const DASHBOARD_DIR = path.join(__dirname, 'public');

/**
 * Every servable file by name, loaded once: requests can then only ever name a file that is in this map (no path is
 * joined from request input, so no traversal), and a file of an unknown type is never served.
 */
export function loadDashboardAssets(dir: string = DASHBOARD_DIR): Map<string, DashboardAsset> {
  const assets = new Map<string, DashboardAsset>();
  for (const name of fs.readdirSync(dir)) {
    const contentType = CONTENT_TYPES[path.extname(name)];
    if (contentType) assets.set(name, { body: fs.readFileSync(path.join(dir, name)), contentType });
  }
  if (!assets.has('index.html')) throw new Error(`The dashboard's index.html is missing from ${dir}`);
  return assets;
}
