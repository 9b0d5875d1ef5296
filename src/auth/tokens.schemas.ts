import { z } from 'zod';
import { ROLES } from '../domain/roles';

export const TOKEN_NAME = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, '1-63 letters, digits, ".", "_" or "-", starting with a letter or digit');

export const createTokenSchema = z.strictObject({
  name: TOKEN_NAME,
  role: z.enum(ROLES),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});

export type CreateTokenRequest = z.infer<typeof createTokenSchema>;
