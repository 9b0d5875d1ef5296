/**
 * The change the demo suggests: bumps my-api's image tag in the staging and production overlays of the demo's
 * repository and commits it, so the rolling set starts a rollout across the fleet.
 *
 *   npm run -s demo:change -- <repository printed by npm run demo>
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const OVERLAYS = ['apps/my-api/overlays/staging/kustomization.yaml', 'apps/my-api/overlays/production/kustomization.yaml'];
const TAG = /newTag: v(\d+)\.(\d+)\.(\d+)/;

function bumpImageTag(repoDir: string): { tag: string; sha: string } {
  let tag = '';
  for (const overlay of OVERLAYS) {
    const file = join(repoDir, overlay);
    const text = readFileSync(file, 'utf8');
    const match = TAG.exec(text);
    if (!match) throw new Error(`${file} has no "newTag: vX.Y.Z" line to bump`);
    tag = `v${match[1]}.${match[2]}.${Number(match[3]) + 1}`;
    writeFileSync(file, text.replace(TAG, `newTag: ${tag}`));
  }
  // A fixed identity: the demo must work for someone who never configured git.
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', repoDir, '-c', 'user.name=flotilla-demo', '-c', 'user.email=demo@flotilla.local', '-c', 'commit.gpgsign=false', ...args], { encoding: 'utf8' }).trim();
  git('commit', '--quiet', '-m', `my-api ${tag}`, '--', ...OVERLAYS);
  return { tag, sha: git('rev-parse', 'HEAD') };
}

const repoDir = process.argv[2];
if (!repoDir) {
  console.error('usage: npm run -s demo:change -- <demo repository>');
  process.exit(2);
}
try {
  const { tag, sha } = bumpImageTag(repoDir);
  console.log(`committed my-api ${tag} as ${sha.slice(0, 12)}: the hub sees it within seconds and rolls it out`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
