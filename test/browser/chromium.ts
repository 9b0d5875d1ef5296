import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';

/** Debian's Chromium package; the browser tests skip (saying why) on a machine without it. */
export const CHROMIUM = '/usr/bin/chromium';

function installed(name: string): boolean {
  try {
    createRequire(__filename).resolve(name);
    return true;
  } catch {
    return false;
  }
}

/** Why the browser tests cannot run here (null: they can). */
export const chromiumMissing = !fs.existsSync(CHROMIUM)
  ? `${CHROMIUM} is not installed (apt-get install -y chromium)`
  : !installed('playwright-core')
    ? 'the playwright-core devDependency is not installed (npm install)'
    : null;

// Headless, and nothing of Chromium's own phoning home: the tests reach only the hub on loopback.
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface TestBrowser {
  context: BrowserContext;
  newPage(): Promise<Page>;
  /** Saves a full-page screenshot as `<name>.png` when DASHBOARD_SCREENSHOTS names a folder. */
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

/** Chromium with a fresh profile in a temporary folder, removed on close. */
export async function launchChromium(): Promise<TestBrowser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'flotilla-chromium-'));
  // Loaded here, not at the top, so a machine without it still loads the spec and skips it.
  const { chromium } = await import('playwright-core');
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1366, height: 768 } });
  const folder = process.env.DASHBOARD_SCREENSHOTS;
  if (folder) fs.mkdirSync(folder, { recursive: true });
  return {
    context,
    newPage: () => context.newPage(),
    async screenshot(page, name) {
      if (folder) await page.screenshot({ path: path.join(folder, `${name}.png`), fullPage: true });
    },
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
