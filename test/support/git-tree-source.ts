import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GitMirrors, MirrorTreeSource } from '../../src/git';
import type { GitTreeSource } from '../../src/applicationsets/engine';

export interface TestGitSources {
  readonly mirrors: GitMirrors;
  /** A new pass over the mirrors (what the hub opens per expansion pass), reading local test repositories. */
  open(): GitTreeSource;
  remove(): void;
}

/** Real bare mirrors in a temp dir, as the hub keeps them, for engine tests that read real repositories. */
export function createTestGitSources(): TestGitSources {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'flotilla-test-mirrors-'));
  const mirrors = new GitMirrors({ rootDir: path.join(root, 'git'), tmpDir: root, allowLocal: true });
  return {
    mirrors,
    open: () => new MirrorTreeSource(mirrors, { credentialsFor: async () => undefined, allowLocal: true }),
    remove: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}
