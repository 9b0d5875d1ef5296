import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

export const SEED_REPO = path.resolve(__dirname, '../../../shared/fixtures/seed-fleet-repo');
const PLACEHOLDER_REPO = 'https://github.com/mycompany/k8s-deployments.git';
const PLACEHOLDER_STAGING = 'https://staging-api.example.com';

export interface SeedRewrite {
  /** Replaces the placeholder repository URL (never reached; a local path or file:// URL). */
  repoURL: string;
  /** Replaces the placeholder staging API server (a loopback test cluster). */
  stagingServer: string;
}

/**
 * Reads a seed fixture as text with its placeholder hosts rewritten to loopback/local values, so nothing can
 * ever try to reach them (the fixture README asks for this).
 */
export function seedText(relative: string, rewrite: SeedRewrite): string {
  return fs
    .readFileSync(path.join(SEED_REPO, relative), 'utf8')
    .replaceAll(PLACEHOLDER_REPO, rewrite.repoURL)
    .replaceAll(PLACEHOLDER_STAGING, rewrite.stagingServer);
}

export function seedManifest(relative: string, rewrite: SeedRewrite): Record<string, unknown> {
  return parse(seedText(relative, rewrite)) as Record<string, unknown>;
}
