import { z } from 'zod';
import { responseComponent } from '../common/http/openapi';
import { ROLES } from '../domain/roles';

const field = (what: string) => z.string({ error: `the ${what} to ask about` }).min(1, `the ${what} to ask about`).max(512);

/** `argocd account can-i <action> <resource> <object>`: every part named, as in Argo CD. */
export const canIQuerySchema = z.strictObject({
  resource: field('resource').describe('applications, applicationsets, clusters, projects, repositories, rollouts, audit, tokens, ...'),
  action: field('action').describe('get, create, update, delete, sync, override, pause, resume, abort, approve, ...'),
  object: field('object').describe('`<project>/<name>` for applications, applicationsets and rollouts; the URL for clusters and repositories; the name otherwise'),
});
export type CanIQuery = z.infer<typeof canIQuerySchema>;

export const canIAnswerSchema = responseComponent('CanIAnswer', z.object({ allowed: z.boolean() }));

export const accountSchema = responseComponent(
  'Account',
  z.object({
    name: z.string().describe('Who acts, as the audit log records it'),
    kind: z.enum(['token', 'project-token', 'sso']),
    role: z.enum(ROLES).optional().describe('A built-in-role token: its role'),
    project: z.string().optional().describe('A project token: its project'),
    projectRole: z.string().optional().describe('A project token: its role in the project'),
    groups: z.array(z.string()).optional().describe('A signed-in person: the groups the ID token named'),
    subjects: z.array(z.string()).describe('The policy subjects the caller acts as'),
  }),
);
