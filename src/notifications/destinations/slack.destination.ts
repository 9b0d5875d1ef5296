import type { Destination, DestinationSettings } from './destination';
import type { NotificationEvent } from '../notification-events';

/** A Slack-compatible incoming webhook: a one-line `text` (for notifications and old clients) plus blocks. */
export const slackDestination: Destination = {
  type: 'slack',
  accepts: () => true,
  request(event: NotificationEvent, settings: DestinationSettings) {
    const data = event.data;
    const about = [data.application, data.applicationSet, data.cluster].find((name): name is string => typeof name === 'string');
    const text = `${event.type}${about ? ` ${about}` : ''}${typeof data.revision === 'string' ? ` at ${data.revision.slice(0, 12)}` : ''}`;
    const fields = (['application', 'applicationSet', 'project', 'cluster', 'revision'] as const)
      .filter((key) => typeof data[key] === 'string')
      .map((key) => ({ type: 'mrkdwn', text: `*${key}*\n${String(data[key])}` }));
    const message = typeof data.message === 'string' ? [{ type: 'section', text: { type: 'plain_text', text: data.message.slice(0, 2900) } }] : [];
    const blocks = [{ type: 'header', text: { type: 'plain_text', text: event.type } }, ...(fields.length > 0 ? [{ type: 'section', fields }] : []), ...message];
    // The incoming-webhook URL is itself the credential: it is kept sealed.
    return { method: 'POST', url: (settings.sealed as { url: string }).url, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text, blocks }) };
  },
};
