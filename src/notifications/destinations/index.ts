import type { Destination } from './destination';
import { githubStatusDestination } from './github-status.destination';
import { slackDestination } from './slack.destination';
import { webhookDestination } from './webhook.destination';

export type { Attempt, Destination, DestinationSettings } from './destination';

/** Every destination type, by the `type` a subscription names. */
export const DESTINATIONS: ReadonlyMap<string, Destination> = new Map([webhookDestination, slackDestination, githubStatusDestination].map((d) => [d.type, d]));
