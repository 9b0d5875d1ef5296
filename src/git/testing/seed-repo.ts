import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const SEED_FLEET_REPO = '/work/shared/fixtures/seed-fleet-repo';

export interface TestRepo {
  /** A normal (non-bare) repository: the "remote" the mirrors fetch from. */
  readonly dir: string;
  /** Commits the given files (path → content) on the current branch and returns the new SHA. */
  commit(files: Record<string, string | Buffer>, message?: string): Promise<string>;
  git(...args: string[]): string;
  cleanup(): Promise<void>;
}

/** A throwaway repository in a temp dir, optionally seeded with the fleet fixture, on branch `main`. */
export async function createTestRepo(options: { seed?: boolean } = {}): Promise<TestRepo> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'flotilla-test-repo-'));
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GIT_')));
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@localhost', '-c', 'commit.gpgsign=false', ...args], {
      cwd: dir,
      env: { ...env, LC_ALL: 'C' },
      encoding: 'utf8',
    }).trim();
  git('init', '--quiet', '--initial-branch=main');
  const commit = async (files: Record<string, string | Buffer>, message = 'change') => {
    for (const [file, content] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await writeFile(path.join(dir, file), content);
    }
    git('add', '--all');
    git('commit', '--quiet', '--allow-empty', '-m', message);
    return git('rev-parse', 'HEAD');
  };
  if (options.seed) {
    await cp(SEED_FLEET_REPO, dir, { recursive: true });
    await commit({}, 'seed');
  }
  return { dir, commit, git, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
