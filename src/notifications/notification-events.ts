/** Every event a subscription may ask for (the list; Argo CD's triggers plus fleet-level ones it lacks). */
export const EVENT_TYPES = [
  'sync.succeeded',
  'sync.failed',
  'health.degraded',
  'health.recovered',
  'app.deployed',
  'cluster.unreachable',
  'cluster.recovered',
  'rollout.started',
  'rollout.step-completed',
  'rollout.halted',
  'rollout.completed',
  'appset.deletions-pending',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

/** What a subscription's filter is matched against: the event's subject. */
export interface EventSubject {
  project: string | null;
  applicationSet: string | null;
  application: string | null;
  cluster: string | null;
}

/**
 * An event as the outbox stores it before any delivery. `data` is the body's `data`: the subject's names, the full
 * commit SHA as `revision` where there is one, and what the event itself says (a phase, a message, a step).
 */
export interface NewNotificationEvent {
  type: EventType;
  occurredAt: Date;
  subject: EventSubject;
  data: Record<string, unknown>;
}

/** A stored event, as the fan-out and the destinations read it. */
export interface NotificationEvent extends NewNotificationEvent {
  seq: string;
  id: string;
}

/** The data of an event: its subject's names first, then what is particular to it. */
export function eventData(subject: EventSubject, extra: Record<string, unknown>): Record<string, unknown> {
  return { application: subject.application, applicationSet: subject.applicationSet, project: subject.project, cluster: subject.cluster, ...extra };
}
