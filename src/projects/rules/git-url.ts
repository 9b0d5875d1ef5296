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
