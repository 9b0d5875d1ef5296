import { z } from 'zod';
import { requestComponent, responseComponent } from '../common/http/openapi';
import type { WebhookOutcome } from './git-webhooks.service';

const urls = (keys: string[]) => z.looseObject(Object.fromEntries(keys.map((key) => [key, z.string().optional()])));

/** The parts of a GitHub or GitLab payload the hub reads (checked once the signature is); everything else is ignored. */
export const pushEventSchema = requestComponent(
  'GitPushEvent',
  z.looseObject({
    ref: z.string().optional().describe('The pushed ref (refs/heads/<branch> or refs/tags/<tag>)'),
    repository: urls(['clone_url', 'ssh_url', 'git_url', 'html_url', 'url', 'default_branch']).optional().describe('GitHub'),
    project: urls(['git_http_url', 'git_ssh_url', 'web_url', 'http_url', 'default_branch']).optional().describe('GitLab'),
  }),
);

export const webhookOutcomeSchema = responseComponent(
  'GitWebhookOutcome',
  z.object({
    event: z.enum(['push', 'ignored']),
    repositories: z.array(z.string()).describe('The pushed repository, normalized'),
    refreshed: z.int().describe('How many tracked revisions of it are re-read now'),
    applicationSets: z.int().describe('How many ApplicationSets with a Git generator reading it are re-expanded now'),
  }) satisfies z.ZodType<WebhookOutcome>,
);
