import { z } from 'zod';

/** An ID token is a JWS in compact form; 16 KiB leaves room for many groups. */
export const tokenRequestSchema = z.strictObject({
  idToken: z
    .string()
    .max(16 * 1024, 'at most 16 KiB')
    .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/, 'a signed JWT (three base64url parts)'),
});

export type TokenRequest = z.infer<typeof tokenRequestSchema>;

export const loginQuerySchema = z.strictObject({ returnTo: z.string().max(2048).optional() });
