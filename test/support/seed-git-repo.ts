import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SEED_REPO } from './seed-fleet';

const PLACEHOLDER_REPO = 'https://github.com/mycompany/k8s-deployments.git';

export interface SeedGitRepo {
  /** The repository as the hub is given it (a local path: nothing leaves the machine). */
  url: string;
  dir: string;
  /** Changes files and commits; returns the new commit SHA. */
  commit(message: string, change: (dir: string) => void): string;
  head(): string;
  remove(): void;
}

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: dir, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'flotilla-test', GIT_AUTHOR_EMAIL: 'test@flotilla.local', GIT_COMMITTER_NAME: 'flotilla-test', GIT_COMMITTER_EMAIL: 'test@flotilla.local' },
  }).trim();
}

/** The seed fleet repo committed into a real Git repository in a temp dir, its placeholder URL rewritten to that dir. */
export function createSeedGitRepo(): SeedGitRepo {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flotilla-seed-git-'));
  fs.cpSync(SEED_REPO, dir, { recursive: true });
  for (const file of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const full = path.join(dir, file);
    if (!fs.statSync(full).isFile()) continue;
    fs.chmodSync(full, 0o644);
    if (file.endsWith('.yaml')) fs.writeFileSync(full, fs.readFileSync(full, 'utf8').replaceAll(PLACEHOLDER_REPO, dir));
  }
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'seed fleet');
  return {
    url: dir,
    dir,
    commit(message, change) {
      change(dir);
      git(dir, 'add', '-A');
      git(dir, 'commit', '-q', '-m', message);
      return git(dir, 'rev-parse', 'HEAD');
    },
    head: () => git(dir, 'rev-parse', 'HEAD'),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
