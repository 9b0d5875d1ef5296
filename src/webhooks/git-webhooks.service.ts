import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error';
import { parseWith } from '../common/http/zod-validation.pipe';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { GitError, parseRepoUrl } from '../git';
import { ApplicationSetsService } from '../applicationsets/application-sets.service';
import { ExpansionTriggers } from '../applicationsets/expansion.triggers';
import { ReconcileWorker } from '../reconcile/reconcile.worker';
import { RevisionPoller } from '../reconcile/revision-poller';
import { isPushEvent, parsePushEvent, type PushEvent, providerOf, verifyWebhook } from './push-event';
import { pushEventSchema } from './webhook.schemas';

export interface WebhookOutcome {
  event: 'push' | 'ignored';
  repositories: string[];
  refreshed: number;
  applicationSets: number;
}

/**
 * A push to a repository the hub reads refreshes it at once, instead of at the next poll: the applications
 * tracking it, and the ApplicationSets whose Git generators read it (re-expanded).
 */
@Injectable()
export class GitWebhooksService {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly revisions: RevisionPoller,
    private readonly worker: ReconcileWorker,
    private readonly applicationSets: ApplicationSetsService,
    private readonly expansions: ExpansionTriggers,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async receive(headers: Record<string, string | string[] | undefined>, body: unknown, rawBody: Buffer | undefined): Promise<WebhookOutcome> {
    const secret = this.config.reconcile.webhookSecret;
    if (!secret) throw new DomainError('Forbidden', 'Git webhooks are disabled: set GIT_WEBHOOK_SECRET');
    const provider = providerOf(headers);
    if (!provider) throw new DomainError('BadRequestBody', 'Not a GitHub or GitLab webhook (no X-GitHub-Event or X-Gitlab-Event header)');
    if (!rawBody || !verifyWebhook(provider, headers, rawBody, secret)) throw new DomainError('Unauthenticated', `Invalid ${provider} webhook signature or token`);
    // Other events (ping, issues, …) are not held to the push payload's schema.
    if (!isPushEvent(provider, headers)) return { event: 'ignored', repositories: [], refreshed: 0, applicationSets: 0 };
    const push = parsePushEvent(provider, headers, parseWith(pushEventSchema, body))!;
    if (push.repositoryUrls.length === 0) {
      throw new DomainError('ValidationFailed', 'The push event names no repository', [{ field: provider === 'github' ? 'repository' : 'project', reason: 'required in a push event' }]);
    }
    const allowLocal = this.config.reconcile.allowLocalRepositories;
    const repositories = [...new Set(push.repositoryUrls.map((url) => normalized(url, allowLocal)).filter((url): url is string => url !== undefined))];
    const refreshed = this.revisions.invalidate(repositories);
    // Also when nothing was cached but the repository is one the applications read: an earlier push may have dropped
    // the cache with no reconcile since. Queued after the answer: GitHub and GitLab expect a quick reply.
    if (refreshed > 0 || this.revisions.hasRead(repositories)) void this.refresh(repositories, push);
    const sets = repositories.length > 0 ? await this.applicationSets.setsReading(repositories, push) : [];
    if (sets.length > 0) {
      this.logger.log(`Push to ${repositories.join(', ')}: re-expanding ${sets.length} ApplicationSet(s)`);
      // In the background too; the re-expansion reads the new commit with one ls-remote for all of them.
      this.expansions.reexpand(sets);
    }
    return { event: 'push', repositories, refreshed, applicationSets: sets.length };
  }

  private async refresh(repositories: string[], push: PushEvent): Promise<void> {
    try {
      const queued = await this.worker.refreshReading(repositories, push);
      if (queued > 0) this.logger.log(`Push to ${repositories.join(', ')}: reconciling ${queued} application(s) now`);
    } catch (error) {
      this.logger.error({ err: error }, 'Refresh after a push failed');
    }
  }
}

// Local paths name a repository only on hubs that read local repositories (tests, demos).
function normalized(url: string, allowLocal: boolean): string | undefined {
  try {
    return parseRepoUrl(url, allowLocal).normalized;
  } catch (error) {
    if (error instanceof GitError) return undefined;
    throw error;
  }
}
