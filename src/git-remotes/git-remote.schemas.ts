import { z } from 'zod';
import { responseComponent, timestamp } from '../common/http/openapi';
import type { GitRemoteView } from './git-remotes.service';

const secret = (max: number) => z.string().min(1, 'must not be empty').max(max, `at most ${max} characters`);

/** One of: nothing (public or local), HTTPS user + password or token, or an SSH key with the host keys to trust. */
export const registerGitRemoteSchema = z
  .strictObject({
    url: z.string().min(1).max(2048),
    username: z.string().min(1).max(256).optional(),
    password: secret(4096).optional(),
    token: secret(4096).optional(),
    sshPrivateKey: secret(64 * 1024).optional(),
    knownHosts: z.string().min(1).max(256 * 1024).optional(),
  })
  .superRefine((body, ctx) => {
    const https = body.password !== undefined || body.token !== undefined;
    const ssh = body.sshPrivateKey !== undefined;
    if (https && ssh) ctx.addIssue({ code: 'custom', path: ['sshPrivateKey'], message: 'give HTTPS credentials or an SSH key, not both' });
    if (body.password !== undefined && body.token !== undefined) ctx.addIssue({ code: 'custom', path: ['token'], message: 'give a password or a token, not both' });
    if (ssh && body.knownHosts === undefined) ctx.addIssue({ code: 'custom', path: ['knownHosts'], message: 'required with sshPrivateKey (host keys are always checked)' });
    if (!ssh && body.knownHosts !== undefined) ctx.addIssue({ code: 'custom', path: ['knownHosts'], message: 'only used with sshPrivateKey' });
    if (body.username !== undefined && !https) ctx.addIssue({ code: 'custom', path: ['username'], message: 'only used with a password or token' });
  });

export type RegisterGitRemoteRequest = z.infer<typeof registerGitRemoteSchema>;

/** A registered repository: never its credentials, only their type and when they changed. */
export const gitRemoteSchema = responseComponent(
  'Repository',
  z.object({
    id: z.uuid(),
    url: z.string(),
    normalizedUrl: z.string().describe('The URL as the hub matches it against application sources'),
    credentials: z.object({ type: z.enum(['none', 'https', 'ssh']), updatedAt: timestamp() }),
    createdAt: timestamp(),
  }) satisfies z.ZodType<GitRemoteView>,
);

export const gitRemoteListSchema = responseComponent('RepositoryList', z.object({ items: z.array(gitRemoteSchema) }));
