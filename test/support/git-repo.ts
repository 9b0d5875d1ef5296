import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXAMPLE_FLEET_REPO, EXAMPLE_REPO_URL } from './example-fleet';

export interface GitTestRepo {
  /** A normal (non-bare) repository on disk: the "remote" the hub and the mirrors fetch from. */
  readonly dir: string;
  /** The repository as the hub is given it (a local path: nothing leaves the machine). */
  readonly url: string;
  /** Writes the given files (path → content) and commits; returns the new SHA. */
  commitFiles(files: Record<string, string | Buffer>, message?: string): string;
  /** Lets `change` edit the work tree, then commits everything; returns the new SHA. */
  commit(message: string, change: (dir: string) => void): string;
  git(...args: string[]): string;
  head(): string;
  remove(): void;
}

export interface GitTestRepoOptions {
  /**
   * Start from the example fleet repo, its repository URL rewritten to this repository's own path (so the
   * example's ApplicationSets and project point at it).
   */
  example?: boolean;
  /** The directory the repository's temp dir is made in (default: the OS temp dir). */
  parent?: string;
}

/** A throwaway repository in a temp dir on branch `main`, with a neutral git identity and environment. */
export function createGitRepo(options: GitTestRepoOptions = {}): GitTestRepo {
  const dir = fs.mkdtempSync(path.join(options.parent ?? os.tmpdir(), 'flotilla-test-repo-'));
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'commit.gpgsign=false', ...args], {
      cwd: dir,
      encoding: 'utf8',
      // Only what git needs: no GIT_* from the caller, no user or system config.
      env: {
        PATH: process.env.PATH ?? '',
        HOME: dir,
        LC_ALL: 'C',
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_AUTHOR_NAME: 'flotilla-test',
        GIT_AUTHOR_EMAIL: 'test@flotilla.local',
        GIT_COMMITTER_NAME: 'flotilla-test',
        GIT_COMMITTER_EMAIL: 'test@flotilla.local',
      },
    }).trim();
  git('init', '--quiet', '--initial-branch=main');
  const commitAll = (message: string) => {
    git('add', '--all');
    git('commit', '--quiet', '--allow-empty', '-m', message);
    return git('rev-parse', 'HEAD');
  };
  if (options.example) {
    fs.cpSync(EXAMPLE_FLEET_REPO, dir, { recursive: true });
    for (const file of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
      const full = path.join(dir, file);
      if (file.startsWith('.git') || !fs.statSync(full).isFile()) continue;
      fs.chmodSync(full, 0o644);
      if (file.endsWith('.yaml')) fs.writeFileSync(full, fs.readFileSync(full, 'utf8').replaceAll(EXAMPLE_REPO_URL, dir));
    }
    commitAll('example fleet repo');
  }
  return {
    dir,
    url: dir,
    commitFiles(files, message = 'change') {
      for (const [file, content] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), content);
      }
      return commitAll(message);
    },
    commit(message, change) {
      change(dir);
      return commitAll(message);
    },
    git,
    head: () => git('rev-parse', 'HEAD'),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
