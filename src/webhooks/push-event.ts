import { shortRevision } from '../applicationsets/engine';
import { createHmac, timingSafeEqual } from 'node:crypto';

export type WebhookProvider = 'github' | 'gitlab';

export interface PushEvent {
  provider: WebhookProvider;
  /** Every URL the payload gives for the repository (clone, SSH, web). */
  repositoryUrls: string[];
  /** The pushed branch or tag (`refs/heads/` or `refs/tags/` removed), when the payload names it. */
  revision?: string;
  /** Whether the push moved the default branch (what `HEAD` follows); absent when the payload does not say. */
  touchedHead?: boolean;
}

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

/** The repository URLs of a push payload; undefined when the payload is not a push. */
export function parsePushEvent(provider: WebhookProvider, headers: Record<string, string | string[] | undefined>, body: unknown): PushEvent | undefined {
  const event = header(headers, provider === 'github' ? 'x-github-event' : 'x-gitlab-event');
  const payload = (body ?? {}) as Record<string, Record<string, unknown> | undefined>;
  if (provider === 'github') {
    if (event !== 'push') return undefined;
    return { provider, repositoryUrls: strings(payload.repository, ['clone_url', 'ssh_url', 'git_url', 'html_url', 'url']), ...pushedRevision(body, payload.repository) };
  }
  if (event !== 'Push Hook' && event !== 'Tag Push Hook') return undefined;
  return { provider, repositoryUrls: strings(payload.project, ['git_http_url', 'git_ssh_url', 'web_url', 'http_url']), ...pushedRevision(body, payload.project) };
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
