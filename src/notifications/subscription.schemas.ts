import { z } from 'zod';
import { responseComponent, timestamp } from '../common/http/openapi';
import { LabelSelectorError, parseLabelSelector } from '../common/label-selector';
import { EVENT_TYPES } from './notification-events';
import { signingSecretIssue } from './webhook-signature';

const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const httpUrl = z
  .string()
  .max(2048)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '';
    } catch {
      return false;
    }
  }, 'must be an http(s) URL without credentials');
const secretText = (max: number) => z.string().min(1, 'must not be empty').max(max, `at most ${max} characters`);
// Header names a sender sets itself: a subscription may not replace the signature or the body's type.
const RESERVED_HEADERS = new Set(['content-type', 'content-length', 'host', 'webhook-id', 'webhook-timestamp', 'webhook-signature']);

const webhookSchema = z.strictObject({
  type: z.literal('webhook'),
  url: httpUrl,
  headers: z
    .record(z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'not a valid header name').max(128), secretText(4096).regex(/^[^\r\n]*$/, 'must be one line'))
    .refine((headers) => Object.keys(headers).every((name) => !RESERVED_HEADERS.has(name.toLowerCase())), 'may not set content-type, host or the webhook-* headers')
    .refine((headers) => Object.keys(headers).length <= 20, 'at most 20 headers')
    .optional(),
  secret: z.string().superRefine((secret, ctx) => {
    const issue = signingSecretIssue(secret);
    if (issue) ctx.addIssue({ code: 'custom', message: issue });
  }),
});

const slackSchema = z.strictObject({ type: z.literal('slack'), url: httpUrl });

const githubStatusSchema = z.strictObject({
  type: z.literal('github-status'),
  token: secretText(1024),
  apiBaseUrl: httpUrl.optional().describe('Default https://api.github.com (GitHub Enterprise: https://<host>/api/v3)'),
  context: z.string().min(1).max(100).optional().describe('The status context; default "flotilla"'),
});

const filterSchema = z
  .strictObject({
    project: z.string().min(1).max(253).optional(),
    applicationSet: z.string().min(1).max(253).optional(),
    application: z.string().min(1).max(253).optional(),
    clusterSelector: z
      .string()
      .max(1024)
      .superRefine((text, ctx) => {
        try {
          parseLabelSelector(text);
        } catch (error) {
          if (!(error instanceof LabelSelectorError)) throw error;
          ctx.addIssue({ code: 'custom', message: error.message });
        }
      })
      .optional(),
  })
  .default({});

export const subscriptionRequestSchema = z.strictObject({
  name: z.string().min(1).max(63).regex(NAME, 'lower-case letters, digits and "-", starting and ending with a letter or digit'),
  events: z.array(z.enum(EVENT_TYPES)).min(1, 'name at least one event').max(EVENT_TYPES.length),
  filter: filterSchema,
  destination: z.discriminatedUnion('type', [webhookSchema, slackSchema, githubStatusSchema]),
});

export type SubscriptionRequest = z.infer<typeof subscriptionRequestSchema>;

export interface SubscriptionView {
  name: string;
  events: string[];
  filter: Record<string, unknown>;
  destination: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export const subscriptionSchema = responseComponent(
  'NotificationSubscription',
  z.object({
    name: z.string(),
    events: z.array(z.string()),
    filter: z.record(z.string(), z.unknown()),
    destination: z.record(z.string(), z.unknown()).describe('The type and what may be shown: never a secret, a Slack URL, a token or header values'),
    createdAt: timestamp(),
    updatedAt: timestamp(),
  }) satisfies z.ZodType<SubscriptionView>,
);

export const subscriptionListSchema = responseComponent('NotificationSubscriptionList', z.object({ items: z.array(subscriptionSchema) }));

export const deliveryQuerySchema = z.strictObject({
  subscription: z.string().min(1).max(63).optional(),
  state: z.enum(['pending', 'delivered', 'dead']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export type DeliveryQuery = z.infer<typeof deliveryQuerySchema>;

export interface DeliveryView {
  id: string;
  subscription: string;
  event: { id: string; type: string };
  state: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
}

export const deliverySchema = responseComponent(
  'NotificationDelivery',
  z.object({
    id: z.string().describe('The idempotency key: the webhook-id header of every attempt'),
    subscription: z.string(),
    event: z.object({ id: z.string(), type: z.string() }),
    state: z.string(),
    attempts: z.number().int(),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    createdAt: timestamp(),
    lastAttemptAt: timestamp().nullable(),
    nextAttemptAt: timestamp().nullable(),
    deliveredAt: timestamp().nullable(),
  }) satisfies z.ZodType<DeliveryView>,
);

export const deliveryListSchema = responseComponent('NotificationDeliveryList', z.object({ items: z.array(deliverySchema) }));

export const testOutcomeSchema = responseComponent(
  'NotificationTestOutcome',
  z.object({ delivered: z.boolean(), statusCode: z.number().int().nullable(), error: z.string().nullable() }),
);

export const testRequestSchema = z
  .strictObject({
    repoURL: z.string().min(1).max(2048).optional().describe('github-status only: the repository to post the status to'),
    revision: z.string().regex(/^[0-9a-f]{40}$/, 'a full 40-character commit SHA').optional(),
  })
  .describe('{} for every destination but github-status');
