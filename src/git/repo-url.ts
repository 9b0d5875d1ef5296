import { createHash } from 'node:crypto';
import path from 'node:path';
import { GitError } from './git-error';

export type RepoKind = 'local' | 'https' | 'ssh';

export interface RepoLocation {
  readonly kind: RepoKind;
  /** What git is given: userinfo passwords never appear here. */
  readonly fetchUrl: string;
  /** Identity of the repository: the same for `HTTPS://Host/a/b.git/` and `https://host/a/b`. */
  readonly normalized: string;
  /** `host[:port]` for remote repositories; credentials are only ever answered for this host. */
  readonly host?: string;
}

// scp-like syntax `user@host:path` (what GitHub shows for SSH); the host part has no slash.
const SCP_LIKE = /^(?:([^@/\s]+)@)?([^:/\s]+):(?!\/\/)(.+)$/;

// The authority of a URL runs from `://` to the first `/`, `?` or `#` (WHATWG also stops at `\`); its userinfo
// runs to the LAST `@` in it, as URL parsers and curl read it, so `https://u:p@ss@host` is masked whole.
// WHATWG parsers also read `https:u:p@host` (slashes missing) as an authority, so http(s) needs none.
const SCHEME_AUTHORITY = /^(https?:\/*|[a-z][a-z0-9+.-]*:\/\/)([^/?#\\]*)([\s\S]*)$/i;
// scp-like with userinfo: everything before the last `@` ahead of `host:` (a password may hold `@` or `:`).
const SCP_USERINFO = /^([^/\s]*)@([^@:/\s]+:(?!\/\/)[\s\S]*)$/;

/**
 * Validates a repository URL and derives its identity. Only https/http, ssh (URL or scp-like), and —
 * when allowed — absolute local paths and file:// URLs are accepted, so `ext::` transports, option-like
 * strings and credential-bearing URLs never reach git.
 */
export function parseRepoUrl(raw: string, allowLocal: boolean): RepoLocation {
  const url = raw.trim();
  if (url === '' || url.startsWith('-')) throw unsupported(raw);
  if (repoUrlHasPassword(url)) {
    throw new GitError('Failed', `repository URL must not embed a password; use credentials instead: ${maskRepoUrl(url)}`);
  }
  if (url.startsWith('/') || url.startsWith('file://')) {
    if (!allowLocal) throw new GitError('Failed', `local repositories are not allowed: ${maskRepoUrl(url)}`);
    const localPath = url.startsWith('file://') ? decodeURIComponent(new URL(url).pathname) : url;
    const resolved = path.resolve(localPath).replace(/\/+$/, '') || '/';
    return { kind: 'local', fetchUrl: resolved, normalized: `file://${resolved}` };
  }
  if (/^(https?|ssh):\/\//i.test(url)) return parseSchemeUrl(url);
  const scp = SCP_LIKE.exec(url);
  if (scp && !url.includes('::')) {
    const [, , host, repoPath] = scp;
    const normalized = `ssh://${host.toLowerCase()}/${trimRepoPath(repoPath.replace(/^\/+/, ''))}`;
    return { kind: 'ssh', fetchUrl: url, normalized, host: host.toLowerCase() };
  }
  throw unsupported(raw);
}

function parseSchemeUrl(url: string): RepoLocation {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new GitError('Failed', `invalid repository URL: ${maskRepoUrl(url)}`, { cause: error });
  }
  const scheme = parsed.protocol.replace(/:$/, '').toLowerCase();
  const host = parsed.host.toLowerCase();
  const repoPath = trimRepoPath(parsed.pathname.replace(/^\/+/, ''));
  const normalized = `${scheme === 'http' ? 'https' : scheme}://${host}/${repoPath}`;
  if (scheme === 'ssh') return { kind: 'ssh', fetchUrl: url, normalized, host };
  // A username in an https URL is dropped: the credentials object is the one place they come from.
  parsed.username = '';
  return { kind: 'https', fetchUrl: parsed.toString(), normalized, host };
}

/**
 * Whether a repository URL carries a password in its userinfo: `https://user:secret@host/…`, `http://…`,
 * `ssh://user:secret@host/…`, or scp-like `user:secret@host:path`. A user name alone (`git@host:org/repo`,
 * `https://bot@host/…`) is not a password. A templated URL (`https://{{user}}:{{token}}@…`) counts too.
 */
export function repoUrlHasPassword(raw: string): boolean {
  const userinfo = splitUserinfo(raw)?.userinfo ?? '';
  const colon = userinfo.indexOf(':');
  return colon !== -1 && colon < userinfo.length - 1;
}

/** The URL with its whole userinfo replaced by `***`: the only form in which a repository URL is ever shown. */
export function maskRepoUrl(raw: string): string {
  const parts = splitUserinfo(raw);
  return parts ? `${parts.prefix}***@${parts.rest}` : raw.trim();
}

function splitUserinfo(raw: string): { prefix: string; userinfo: string; rest: string } | undefined {
  const url = raw.trim();
  const scheme = SCHEME_AUTHORITY.exec(url);
  if (scheme) {
    const [, prefix, authority, tail] = scheme;
    const at = authority.lastIndexOf('@');
    return at === -1 ? undefined : { prefix, userinfo: authority.slice(0, at), rest: authority.slice(at + 1) + tail };
  }
  const scp = SCP_USERINFO.exec(url);
  return scp ? { prefix: '', userinfo: scp[1], rest: scp[2] } : undefined;
}

function trimRepoPath(repoPath: string): string {
  return repoPath.replace(/\/+$/, '').replace(/\.git$/i, '');
}

function unsupported(raw: string): GitError {
  return new GitError('Failed', `unsupported repository URL: ${maskRepoUrl(raw)}`);
}

/** Mirror directory name: a readable slug plus a hash of the normalized URL (the hash is the identity). */
export function mirrorDirName(location: RepoLocation): string {
  const hash = createHash('sha256').update(location.normalized).digest('hex').slice(0, 20);
  const slug = (location.normalized.split('/').pop() ?? 'repo').replace(/[^a-zA-Z0-9._-]/g, '_').slice(0, 40);
  return `${slug || 'repo'}-${hash}.git`;
}
