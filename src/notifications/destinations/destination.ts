import type { OutboundRequest } from '../../outbound-http';
import type { NotificationEvent } from '../notification-events';

/** A destination's settings: `shown` is what the API returns, `sealed` is stored sealed and never returned. */
export interface DestinationSettings {
  shown: Record<string, unknown>;
  sealed: Record<string, unknown>;
}

/** One attempt of one delivery: the idempotency key, and the attempt's own time (Standard Webhooks signs it). */
export interface Attempt {
  deliveryId: string;
  at: Date;
}

/** A kind of receiver: which events it can express, and the request that delivers one. One file per kind. */
export interface Destination {
  readonly type: string;
  /** False for events the receiver cannot express (a commit status needs a commit): no delivery is made for them. */
  accepts(event: NotificationEvent): boolean;
  request(event: NotificationEvent, settings: DestinationSettings, attempt: Attempt): Omit<OutboundRequest, 'timeoutMs' | 'maxResponseBytes' | 'shownAs'>;
}

/** The body every destination starts from: the event as a webhook receives it. */
export function eventBody(event: NotificationEvent): { id: string; type: string; timestamp: string; data: Record<string, unknown> } {
  return { id: event.id, type: event.type, timestamp: event.occurredAt.toISOString(), data: event.data };
}
