import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { conflict, DomainError, notFound } from '../common/errors/domain-error';
import { uniqueViolation } from '../database/pg-errors';
import { type DeliveryRow, NotificationDeliveryRepository } from '../repositories/notification-delivery.repository';
import { NotificationSubscriptionRepository, type SubscriptionRow } from '../repositories/notification-subscription.repository';
import { DeliveryService, type SendResult } from './delivery.service';
import { DESTINATIONS } from './destinations';
import { eventData, type EventType, type NotificationEvent } from './notification-events';
import type { DeliveryQuery, DeliveryView, SubscriptionRequest, SubscriptionView } from './subscription.schemas';
import { SubscriptionSettings } from './subscription-settings';

/** What a test send may name so a commit status has a commit to go to. */
export interface TestRequest {
  repoURL?: string;
  revision?: string;
}

/** Notification subscriptions: secrets go in sealed and never come out; every answer is the shown part only. */
@Injectable()
export class SubscriptionsService {
  constructor(
    private readonly subscriptions: NotificationSubscriptionRepository,
    private readonly deliveries: NotificationDeliveryRepository,
    private readonly settings: SubscriptionSettings,
    private readonly delivery: DeliveryService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async create(request: SubscriptionRequest): Promise<SubscriptionView> {
    const id = randomUUID();
    const now = this.clock.now();
    const sealed = this.settings.seal(id, request.destination);
    try {
      const row = await this.subscriptions.insert({ id, name: request.name, events: request.events, filter: request.filter, destination: sealed.shown, secretKeyId: sealed.keyId, secretCiphertext: sealed.ciphertext, createdAt: now, updatedAt: now });
      return toView(row);
    } catch (error) {
      if (uniqueViolation(error)) throw conflict(`Subscription "${request.name}" already exists`, [{ field: 'name', reason: 'already exists' }]);
      throw error;
    }
  }

  async list(): Promise<{ items: SubscriptionView[] }> {
    return { items: (await this.subscriptions.list()).map(toView) };
  }

  async get(name: string): Promise<SubscriptionView> {
    return toView(await this.require(name));
  }

  /** A full replacement (secrets included: they cannot be read back to be kept). The name is the path's. */
  async replace(name: string, request: SubscriptionRequest): Promise<SubscriptionView> {
    if (request.name !== name) throw new DomainError('ValidationFailed', `Invalid request: name: must be "${name}", the subscription's name`, [{ field: 'name', reason: `must be "${name}" (a subscription cannot be renamed)` }]);
    const existing = await this.require(name);
    const sealed = this.settings.seal(existing.id, request.destination);
    const row = await this.subscriptions.replace({ ...existing, events: request.events, filter: request.filter, destination: sealed.shown, secretKeyId: sealed.keyId, secretCiphertext: sealed.ciphertext, updatedAt: this.clock.now() });
    if (!row) throw notFound('Subscription', name);
    return toView(row);
  }

  async delete(name: string): Promise<void> {
    if (!(await this.subscriptions.deleteByName(name))) throw notFound('Subscription', name);
  }

  async deliveriesOf(query: DeliveryQuery): Promise<{ items: DeliveryView[] }> {
    return { items: (await this.deliveries.list({ subscription: query.subscription, state: query.state }, query.limit)).map(toDeliveryView) };
  }

  /** Sends a sample of the subscription's first event now, outside the outbox, and says what the receiver answered. */
  async test(name: string, request: TestRequest): Promise<SendResult> {
    const subscription = await this.require(name);
    const event = sampleEvent(subscription.events[0] as EventType, request, this.clock.now());
    if (!DESTINATIONS.get(subscription.destination.type as string)?.accepts(event)) {
      throw new DomainError('ValidationFailed', 'Invalid request: a github-status test needs repoURL (a GitHub repository) and revision (a full commit SHA)', [{ field: 'repoURL', reason: 'required for a github-status test, with revision' }]);
    }
    return this.delivery.sendNow(subscription, event, `test-${randomUUID()}`);
  }

  private async require(name: string): Promise<SubscriptionRow> {
    const row = await this.subscriptions.findByName(name);
    if (!row) throw notFound('Subscription', name);
    return row;
  }
}

function sampleEvent(type: EventType, request: TestRequest, now: Date): NotificationEvent {
  const subject = { project: 'default', applicationSet: null, application: 'sample-application', cluster: 'in-cluster' };
  return { seq: '0', id: randomUUID(), type, occurredAt: now, subject, data: eventData(subject, { test: true, revision: request.revision ?? null, repoURL: request.repoURL ?? null }) };
}

function toView(row: SubscriptionRow): SubscriptionView {
  return { name: row.name, events: row.events, filter: row.filter, destination: row.destination, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

function toDeliveryView(row: DeliveryRow): DeliveryView {
  const iso = (date: Date | null) => date?.toISOString() ?? null;
  return {
    id: row.id,
    subscription: row.subscription,
    event: { id: row.eventId, type: row.eventType },
    state: row.state,
    attempts: row.attempts,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    lastAttemptAt: iso(row.lastAttemptAt),
    // Only a pending delivery has a next attempt.
    nextAttemptAt: row.state === 'pending' ? iso(row.nextAttemptAt) : null,
    deliveredAt: iso(row.deliveredAt),
  };
}
