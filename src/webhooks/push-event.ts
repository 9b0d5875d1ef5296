import { shortRevision } from '../git';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { PushedChanges } from '../git';

export type WebhookProvider = 'github' | 'gitlab';

export interface PushEvent extends PushedChanges {
  provider: WebhookProvider;
  /** Every URL the payload gives for the repository (clone, SSH, web). */
  repositoryUrls: string[];
}

// GitHub lists at most 2,048 commits in a push webhook, GitLab 20 (it counts them all in `total_commits_count`).
const GITHUB_COMMIT_LIMIT = 2048;
const ZERO_COMMIT = /^0+$/;

/** Which provider sent the request, from the headers it always sets. */
export function providerOf(headers: Record<string, string | string[] | undefined>): WebhookProvider | undefined {
  if (headers['x-github-event'] !== undefined) return 'github';
  if (headers['x-gitlab-event'] !== undefined) return 'gitlab';
  return undefined;
}

/**
 * GitHub signs the body with HMAC-SHA256 (`X-Hub-Signature-256: sha256=<hex>`); GitLab sends the shared
 * token as is (`X-Gitlab-Token`). Both compared in constant time.
 */
export function verifyWebhook(provider: WebhookProvider, headers: Record<string, string | string[] | undefined>, rawBody: Buffer, secret: string): boolean {
  if (provider === 'github') {
    const signature = header(headers, 'x-hub-signature-256');
    const expected = `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
    return signature !== undefined && constantTimeEqual(signature, expected);
  }
  const token = header(headers, 'x-gitlab-token');
  return token !== undefined && constantTimeEqual(token, secret);
}

/** Whether the headers announce a push (GitHub `push`; GitLab `Push Hook` or `Tag Push Hook`). */
export function isPushEvent(provider: WebhookProvider, headers: Record<string, string | string[] | undefined>): boolean {
  const event = header(headers, provider === 'github' ? 'x-github-event' : 'x-gitlab-event');
  return provider === 'github' ? event === 'push' : event === 'Push Hook' || event === 'Tag Push Hook';
}

/** The repository URLs of a push payload; undefined when the payload is not a push. */
export function parsePushEvent(provider: WebhookProvider, headers: Record<string, string | string[] | undefined>, body: unknown): PushEvent | undefined {
  if (!isPushEvent(provider, headers)) return undefined;
  const payload = (body ?? {}) as Record<string, Record<string, unknown> | undefined>;
  if (provider === 'github') {
    return { provider, repositoryUrls: strings(payload.repository, ['clone_url', 'ssh_url', 'git_url', 'html_url', 'url']), ...pushedRevision(body, payload.repository), ...changedFiles(provider, body) };
  }
  return { provider, repositoryUrls: strings(payload.project, ['git_http_url', 'git_ssh_url', 'web_url', 'http_url']), ...pushedRevision(body, payload.project), ...changedFiles(provider, body) };
}

/**
 * The files the pushed commits added, modified or removed, only when the payload lists every pushed commit: a force
 * push can drop commits whose files no list shows, a new or deleted branch compares with nothing, and a payload may
 * carry fewer commits than were pushed.
 */
function changedFiles(provider: WebhookProvider, body: unknown): Pick<PushedChanges, 'changedFiles'> {
  const push = (body ?? {}) as { commits?: unknown; forced?: unknown; created?: unknown; deleted?: unknown; before?: unknown; after?: unknown; total_commits_count?: unknown };
  if (!Array.isArray(push.commits) || push.commits.length === 0) return {};
  if (push.forced === true || push.created === true || push.deleted === true) return {};
  if ([push.before, push.after].some((sha) => typeof sha === 'string' && ZERO_COMMIT.test(sha))) return {};
  const complete = provider === 'github' ? push.commits.length < GITHUB_COMMIT_LIMIT : push.total_commits_count === undefined || push.total_commits_count === push.commits.length;
  if (!complete) return {};
  const files = new Set<string>();
  for (const commit of push.commits as Record<string, unknown>[]) {
    for (const key of ['added', 'modified', 'removed']) {
      const list = commit?.[key];
      if (Array.isArray(list)) for (const file of list) if (typeof file === 'string' && file !== '') files.add(file);
    }
  }
  return { changedFiles: [...files] };
}

// As Argo CD reads a push: the ref's last part after `refs/heads/` or `refs/tags/`, and whether it is the default branch.
function pushedRevision(body: unknown, repository: Record<string, unknown> | undefined): Pick<PushEvent, 'revision' | 'touchedHead'> {
  const ref = (body as { ref?: unknown } | null)?.ref;
  if (typeof ref !== 'string' || ref === '') return {};
  const revision = shortRevision(ref);
  const defaultBranch = repository?.default_branch;
  return typeof defaultBranch === 'string' && defaultBranch !== '' ? { revision, touchedHead: defaultBranch === revision } : { revision };
}

function strings(source: Record<string, unknown> | undefined, keys: string[]): string[] {
  return keys.map((key) => source?.[key]).filter((value): value is string => typeof value === 'string' && value.length > 0);
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
