import { maskRepoUrl, repoUrlHasPassword } from '../../git/repo-url';
import type { FieldIssue } from '../../domain/field-issue';

/*
 * Argo CD compares repository URLs after normalizing them (util/git NormalizeGitURL), so that
 * `https://GitHub.com/org/repo.git` and `https://github.com/org/repo` are the same repository: trimmed,
 * lower-cased, without a trailing `.git`, and with SSH URLs reduced to `user@host/path`.
 */
export function normalizeGitUrl(url: string): string {
  let normalized = url.trim().toLowerCase();
  const scpLike = /^[^/:@]+@[^/:]+:/.test(normalized);
  if (scpLike) normalized = normalized.replace(':', '/');
  if (normalized.startsWith('ssh://')) normalized = normalized.slice('ssh://'.length);
  if (normalized.endsWith('.git')) normalized = normalized.slice(0, -'.git'.length);
  return normalized;
}

/**
 * A repository URL (or `!`-prefixed deny pattern) in a manifest that embeds a password, as a field issue that
 * shows the URL masked; undefined when it carries none. Manifests are stored and shown as given, so a password
 * there would be kept in clear: it belongs in the sealed repository credentials.
 */
export function embeddedPasswordIssue(path: string, value: string): FieldIssue | undefined {
  const deny = value.startsWith('!') ? '!' : '';
  const url = value.slice(deny.length);
  if (!repoUrlHasPassword(url)) return undefined;
  return { path, message: `must not embed a password (${deny}${maskRepoUrl(url)}); register the repository's credentials with POST /api/v1/repositories` };
}
