import type { Destination, DestinationSettings } from './destination';
import type { EventType, NotificationEvent } from '../notification-events';

export const DEFAULT_GITHUB_API = 'https://api.github.com';

const STATE: Partial<Record<EventType, 'success' | 'failure' | 'pending'>> = {
  'sync.succeeded': 'success',
  'app.deployed': 'success',
  'health.recovered': 'success',
  'sync.failed': 'failure',
  'health.degraded': 'failure',
};

/** `owner/repo` of a GitHub-style repository URL (https, ssh or scp-like), or undefined. */
export function ownerAndRepo(repoURL: unknown): { owner: string; repo: string } | undefined {
  if (typeof repoURL !== 'string') return undefined;
  const path = /^[\w.-]+@[\w.-]+:(.+)$/.exec(repoURL)?.[1] ?? safePath(repoURL);
  const parts = path?.replace(/^\/+|\/+$/g, '').replace(/\.git$/, '').split('/');
  if (!parts || parts.length !== 2 || parts.some((part) => !/^[\w.-]+$/.test(part))) return undefined;
  return { owner: parts[0], repo: parts[1] };
}

function textOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

function safePath(url: string): string | undefined {
  try {
    return new URL(url).pathname;
  } catch {
    return undefined;
  }
}

/** A GitHub commit status on the synced revision; only application events that carry a full SHA and a GitHub repository. */
export const githubStatusDestination: Destination = {
  type: 'github-status',
  accepts: (event: NotificationEvent) => STATE[event.type] !== undefined && typeof event.data.revision === 'string' && /^[0-9a-f]{40}$/.test(event.data.revision) && ownerAndRepo(event.data.repoURL) !== undefined,
  request(event: NotificationEvent, settings: DestinationSettings) {
    const { owner, repo } = ownerAndRepo(event.data.repoURL)!;
    const base = textOr(settings.shown.apiBaseUrl, DEFAULT_GITHUB_API).replace(/\/+$/, '');
    const body = { state: STATE[event.type], context: textOr(settings.shown.context, 'flotilla'), description: `${event.type}: ${textOr(event.data.application, '')}`.slice(0, 140) };
    return {
      method: 'POST',
      url: `${base}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/statuses/${String(event.data.revision)}`,
      headers: { 'content-type': 'application/json', accept: 'application/vnd.github+json', authorization: `Bearer ${(settings.sealed as { token: string }).token}` },
      body: JSON.stringify(body),
    };
  },
};
