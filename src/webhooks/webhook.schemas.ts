import { z } from 'zod';
import { requestComponent, responseComponent } from '../common/http/openapi';
import type { WebhookOutcome } from './git-webhooks.service';

const urls = (keys: string[]) => z.looseObject(Object.fromEntries(keys.map((key) => [key, z.string().optional()])));
const files = z.array(z.string()).optional();

/** The parts of a GitHub or GitLab payload the hub reads (checked once the signature is); everything else is ignored. */
export const pushEventSchema = requestComponent(
  'GitPushEvent',
  z.looseObject({
    ref: z.string().optional().describe('The pushed ref (refs/heads/<branch> or refs/tags/<tag>)'),
    repository: urls(['clone_url', 'ssh_url', 'git_url', 'html_url', 'url', 'default_branch']).optional().describe('GitHub'),
    project: urls(['git_http_url', 'git_ssh_url', 'web_url', 'http_url', 'default_branch']).optional().describe('GitLab'),
    commits: z
      .array(z.looseObject({ added: files, modified: files, removed: files }))
      .optional()
      .describe('The pushed commits: their files order the refresh, and decide it for applications with the manifest-generate-paths annotation'),
    before: z.string().optional(),
    after: z.string().optional(),
    forced: z.boolean().optional().describe('GitHub: a force push (its commits do not show every changed file)'),
    created: z.boolean().optional().describe('GitHub: a new branch or tag'),
    deleted: z.boolean().optional().describe('GitHub: a deleted branch or tag'),
    total_commits_count: z.int().optional().describe('GitLab: the pushed commits, of which `commits` lists at most 20'),
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
