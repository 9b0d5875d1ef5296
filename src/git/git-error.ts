export type GitErrorKind = 'NotFound' | 'AuthFailed' | 'Timeout' | 'RevisionNotFound' | 'TooLarge' | 'Failed';

/** A failed Git operation. The message is safe to show: URLs are redacted and secrets scrubbed. */
export class GitError extends Error {
  override readonly name = 'GitError';

  constructor(
    readonly kind: GitErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** Transient failures are worth a retry with backoff; the rest need a change of input first. */
  get transient(): boolean {
    return this.kind === 'Timeout' || this.kind === 'Failed';
  }
}

const MAX_DETAIL = 500;

/** Replaces userinfo in any URL (`https://user:token@host` → `https://***@host`) and every listed secret. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/gi, '$1***@');
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('***');
  }
  return out;
}

// Substrings of git's (LC_ALL=C) stderr that identify a failure class; first match wins.
const STDERR_KINDS: ReadonlyArray<readonly [RegExp, GitErrorKind]> = [
  [/authentication failed|could not read (username|password)|terminal prompts disabled|permission denied \(publickey|host key verification failed|http 401|http 403|returned error: 40[13]/i, 'AuthFailed'],
  [/does not appear to be a git repository|repository .* not found|not found|no such file or directory|http 404|returned error: 404/i, 'NotFound'],
  [/unadvertised object|couldn't find remote ref|not our ref|bad object|unknown revision|invalid object name/i, 'RevisionNotFound'],
];

/** Turns a git failure into a GitError whose message carries a short, redacted stderr excerpt. */
export function classifyGitFailure(operation: string, stderr: string, secrets: readonly string[], cause?: unknown): GitError {
  const detail = redact(stderr.trim(), secrets).slice(0, MAX_DETAIL);
  const kind = STDERR_KINDS.find(([pattern]) => pattern.test(detail))?.[1] ?? 'Failed';
  return new GitError(kind, `git ${operation} failed: ${detail || 'no output'}`, { cause: redactedCause(cause, secrets) });
}

// The cause is kept for logs, but as a redacted copy: the original may quote arguments or stderr verbatim.
function redactedCause(cause: unknown, secrets: readonly string[]): Error | undefined {
  if (cause === undefined) return undefined;
  const message = cause instanceof Error ? cause.message : JSON.stringify(cause);
  return new Error(redact(message, secrets).slice(0, MAX_DETAIL));
}
