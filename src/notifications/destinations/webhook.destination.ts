import { signWebhook } from '../webhook-signature';
import { type Attempt, type Destination, type DestinationSettings, eventBody } from './destination';
import type { NotificationEvent } from '../notification-events';

/** A plain webhook: the event as JSON, signed the Standard Webhooks way; extra headers (their values sealed) added. */
export const webhookDestination: Destination = {
  type: 'webhook',
  accepts: () => true,
  request(event: NotificationEvent, settings: DestinationSettings, attempt: Attempt) {
    const body = JSON.stringify(eventBody(event));
    const timestamp = Math.floor(attempt.at.getTime() / 1000);
    const sealed = settings.sealed as { secret: string; headers?: Record<string, string> };
    return {
      method: 'POST',
      url: settings.shown.url as string,
      headers: {
        ...(sealed.headers ?? {}),
        'content-type': 'application/json',
        'webhook-id': attempt.deliveryId,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signWebhook(sealed.secret, attempt.deliveryId, timestamp, body),
      },
      body,
    };
  },
};
