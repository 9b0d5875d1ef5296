import { z } from 'zod';
import { requestComponent, responseComponent, timestamp } from '../common/http/openapi';
import { validateDns1123Subdomain } from '../common/label-selector';
import type { GeneratorPluginView } from './generator-plugins.service';

/** Argo CD's plugin client waits 30 s unless the ConfigMap's requestTimeout says otherwise. */
export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 30;
export const MAX_REQUEST_TIMEOUT_SECONDS = 120;

// Argo CD names the plugin by a ConfigMap, whose name is a DNS-1123 subdomain; the same name is kept here so that
// manifests work unchanged.
const pluginName = z.string().superRefine((name, ctx) => {
  const reason = validateDns1123Subdomain(name);
  if (reason !== undefined) ctx.addIssue({ code: 'custom', message: `must be a DNS-1123 subdomain: ${reason}` });
});

// The hub calls this URL with the plugin's token: http(s) only, and no credentials in it (they would be stored,
// listed and logged as the URL), nor a query or fragment (the request path is appended to it).
const baseUrl = z
  .string()
  .max(2048, 'at most 2048 characters')
  .superRefine((raw, ctx) => {
    const reason = baseUrlProblem(raw);
    if (reason !== undefined) ctx.addIssue({ code: 'custom', message: reason });
  });

function baseUrlProblem(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute http or https URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `must be an http or https URL, not ${url.protocol}`;
  if (url.username !== '' || url.password !== '') return 'must not carry credentials; send the token as "token"';
  if (url.search !== '' || url.hash !== '') return 'must not have a query or a fragment';
  return undefined;
}

// Sent in an HTTP header: visible ASCII only (a newline would be refused by the HTTP client at every call).
const token = z
  .string()
  .min(1, 'must not be empty')
  .max(16 * 1024, 'at most 16 KiB')
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces (it is sent as an HTTP header)')
  .describe('Sent as `Authorization: Bearer <token>`; write-only');

const requestTimeoutSeconds = z
  .int('a whole number of seconds')
  .min(1, 'at least 1 second')
  .max(MAX_REQUEST_TIMEOUT_SECONDS, `at most ${MAX_REQUEST_TIMEOUT_SECONDS} seconds`)
  .describe(`How long one call may take, answer included (default ${DEFAULT_REQUEST_TIMEOUT_SECONDS})`);

export const registerGeneratorPluginSchema = requestComponent(
  'GeneratorPluginRegistration',
  z.strictObject({
    name: pluginName.describe('What a plugin generator\'s configMapRef.name names'),
    baseUrl: baseUrl.describe('The hub POSTs to <baseUrl>/api/v1/getparams.execute'),
    token,
    requestTimeoutSeconds: requestTimeoutSeconds.optional(),
  }),
);

export type RegisterGeneratorPluginRequest = z.infer<typeof registerGeneratorPluginSchema>;

export const replaceGeneratorPluginSchema = requestComponent(
  'GeneratorPluginReplacement',
  z.strictObject({
    name: pluginName.optional().describe('When given, must be the name in the path'),
    baseUrl,
    token: token.optional().describe('A new token; without it the registered one is kept'),
    requestTimeoutSeconds: requestTimeoutSeconds.optional(),
  }),
);

export type ReplaceGeneratorPluginRequest = z.infer<typeof replaceGeneratorPluginSchema>;

/** A registered plugin: never its token, only that one is set and when it changed. */
export const generatorPluginSchema = responseComponent(
  'GeneratorPlugin',
  z.object({
    name: z.string(),
    baseUrl: z.string(),
    requestTimeoutSeconds: z.int(),
    token: z.object({ set: z.literal(true), updatedAt: timestamp() }),
    createdAt: timestamp(),
    updatedAt: timestamp(),
  }) satisfies z.ZodType<GeneratorPluginView>,
);

export const generatorPluginListSchema = responseComponent('GeneratorPluginList', z.object({ items: z.array(generatorPluginSchema) }));
