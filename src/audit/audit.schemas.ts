import { z } from 'zod';
import { formatQuery } from '../common/http/export';
import { nameFilter, pageSchema, responseComponent, rfc3339Time, timestamp } from '../common/http/openapi';
import { pageQuery } from '../common/http/pagination';
import type { AuditEventView } from './audit.service';


export const auditQuerySchema = z
  .strictObject({
    actor: nameFilter.optional().describe('A token name; `anonymous` (no valid token) or `webhook` (Git webhooks)'),
    action: z.string().min(1).max(64).optional().describe('create, update (PUT), patch, delete, or a route\'s own action: sync, refresh, check, approve-deletions, ...'),
    resource: z
      .string()
      .max(300)
      .regex(/^[a-z][a-z0-9-]{0,62}(\/.+)?$/, 'a kind (clusters) or kind/name (clusters/prod-eu)')
      .optional()
      .describe('A resource kind as in the path (`clusters`), or kind/name (`clusters/prod-eu`)'),
    since: rfc3339Time().optional().describe('Events at or after this time (RFC 3339)'),
    until: rfc3339Time().optional().describe('Events before this time (RFC 3339)'),
    status: z.string().regex(/^[1-5]([0-9]{2}|xx)$/, 'a status (403) or a class (4xx)').optional().describe('An answer status (403) or class (4xx)'),
    ...pageQuery(1000, 100),
    ...formatQuery,
  })
  .refine((query) => !query.since || !query.until || Date.parse(query.since) < Date.parse(query.until), { path: ['until'], message: 'must be after since' });

export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const auditEventSchema = responseComponent(
  'AuditEvent',
  z.object({
    id: z.uuid(),
    occurredAt: timestamp().describe('When the request arrived'),
    actor: z.string().describe('The token name or the signed-in subject; `anonymous` when no caller was verified; `webhook` for Git webhooks'),
    role: z.string().nullable().describe('The built-in role (admin, operator, viewer), a project role (`proj:<project>:<role>`), or `sso`'),
    method: z.string(),
    path: z.string().describe('The request path, without the query'),
    route: z.string().nullable().describe('The route template (`/api/v1/clusters/:name`); null when no route matched'),
    action: z.string(),
    resourceKind: z.string().nullable(),
    resourceName: z.string().nullable(),
    project: z.string().nullable().describe('The project the request concerns (an application\'s, a set\'s, a rollout\'s, or the project itself); null when none'),
    requestId: z.string().describe('The X-Request-Id of the request, as in the logs'),
    status: z.int().describe('The answer status; 499 when the client went away before the answer'),
    durationMs: z.int(),
    changes: z
      .object({
        fields: z.array(z.string()).optional().describe('Body fields set, two levels deep; never a value'),
        query: z.record(z.string(), z.string()).optional().describe('Query parameters; credential-named ones masked'),
        manifest: z.object({ kind: z.string(), name: z.string().optional() }).optional(),
        reason: z.string().optional().describe('Why a sign-in or sign-out was refused: a class such as `state-mismatch` or `invalid-id-token`'),
      })
      .describe('What the request asked for, without any credential'),
  }) satisfies z.ZodType<AuditEventView>,
);

export const auditEventPageSchema = responseComponent('AuditEventPage', pageSchema(auditEventSchema));
