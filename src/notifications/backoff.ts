/** First retry after 30 s, doubling up to an hour between attempts; given up once the event is 24 h old. */
export const RETRY_BASE_MS = 30_000;
export const RETRY_MAX_INTERVAL_MS = 60 * 60_000;
export const RETRY_WINDOW_MS = 24 * 60 * 60_000;
/** Share of each interval added or removed at random, so receivers that came back are not hit by every sender at once. */
export const RETRY_JITTER = 0.2;

/**
 * When the next attempt after `attempts` failed ones is due, or undefined when the delivery is to be given up
 * (`dead`): exponential backoff with jitter, for 24 hours from the delivery's creation.
 */
export function nextAttemptAt(createdAt: Date, attempts: number, now: Date, random: () => number = Math.random): Date | undefined {
  const interval = Math.min(RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1), RETRY_MAX_INTERVAL_MS);
  const jittered = interval * (1 - RETRY_JITTER + 2 * RETRY_JITTER * random());
  const due = now.getTime() + Math.round(jittered);
  return due - createdAt.getTime() > RETRY_WINDOW_MS ? undefined : new Date(due);
}
