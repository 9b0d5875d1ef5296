import { z } from 'zod';
import { responseComponent, timestamp } from '../common/http/openapi';
import { ROLES } from '../domain/roles';
import type { TokenView } from './tokens.service';

export const TOKEN_NAME = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, '1-63 letters, digits, ".", "_" or "-", starting with a letter or digit');

export const createTokenSchema = z.strictObject({
  name: TOKEN_NAME,
  role: z.enum(ROLES),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});

export type CreateTokenRequest = z.infer<typeof createTokenSchema>;

export const tokenSchema = responseComponent(
  'Token',
  z.object({
    name: z.string(),
    role: z.enum(ROLES),
    createdAt: timestamp(),
    createdBy: z.string().nullable().describe('The token that created this one (null for the bootstrap admin token)'),
    expiresAt: timestamp().nullable(),
    lastUsedAt: timestamp().nullable().describe('Updated at most once a minute'),
  }) satisfies z.ZodType<TokenView>,
);

export const createdTokenSchema = responseComponent(
  'CreatedToken',
  tokenSchema.extend({ token: z.string().describe('The secret: shown in this answer only, never again') }),
);

export const tokenListSchema = responseComponent('TokenList', z.object({ items: z.array(tokenSchema) }));
