import { z } from 'zod';
import { requestComponent, responseComponent, timestamp } from '../common/http/openapi';
import type { ProjectRoleTokenView } from './project-role-tokens.service';
import { tokenLifetime } from './token-expiry';
import { TOKEN_NAME } from './tokens.schemas';

/** `argocd proj role create-token`'s flags: --expires-in and --id (the description is the hub's own). */
export const createProjectRoleTokenSchema = requestComponent(
  'CreateProjectRoleToken',
  z.strictObject({
    // Seconds first: Argo CD's API field is a number of seconds; a duration is what its CLI flag takes.
    expiresIn: z
      .union([z.number(), z.string()])
      .superRefine((value, ctx) => {
        const lifetime = tokenLifetime(value);
        if (!lifetime.ok) ctx.addIssue({ code: 'custom', message: lifetime.reason });
      })
      .optional()
      .describe('A duration ("24h", "90m", "7d") or a number of seconds; 0 or absent: the token never expires'),
    id: TOKEN_NAME.optional().describe('Unique within the role; a random UUID when absent'),
    description: z.string().max(255).optional(),
  }),
);

export type CreateProjectRoleTokenRequest = z.infer<typeof createProjectRoleTokenSchema>;

export const projectRoleTokenSchema = responseComponent(
  'ProjectRoleToken',
  z.object({
    id: z.string(),
    project: z.string(),
    role: z.string().describe('The project role; its policy subject is proj:<project>:<role>'),
    description: z.string().nullable(),
    issuedAt: timestamp(),
    expiresAt: timestamp().nullable(),
    lastUsedAt: timestamp().nullable().describe('Updated at most once a minute'),
    createdBy: z.string().nullable(),
  }) satisfies z.ZodType<ProjectRoleTokenView>,
);

export const createdProjectRoleTokenSchema = responseComponent(
  'CreatedProjectRoleToken',
  projectRoleTokenSchema.extend({ token: z.string().describe('The secret: shown in this answer only, never again') }),
);

export const projectRoleTokenListSchema = responseComponent('ProjectRoleTokenList', z.object({ items: z.array(projectRoleTokenSchema) }));
