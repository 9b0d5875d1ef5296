import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { parseLabelSelector } from '../common/label-selector';
import { CredentialDecryptError } from '../crypto';
import { GuardedHttpClient, OutboundHttpError } from '../outbound-http';
import { ClusterRepository } from '../repositories/cluster.repository';
import { type DeliveryRow, NotificationDeliveryRepository } from '../repositories/notification-delivery.repository';
import { NotificationOutboxRepository, type StoredOutboxEvent } from '../repositories/notification-outbox.repository';
import { NotificationSubscriptionRepository, type SubscriptionRow } from '../repositories/notification-subscription.repository';
import { HubIdentity } from '../scheduling/hub-identity';
import { nextAttemptAt } from './backoff';
import { MetricsService } from '../metrics/metrics.service';
import type { DeliveryRecorder } from '../metrics/recorders';
import { DESTINATIONS, type DestinationSettings } from './destinations';
import type { EventType, NotificationEvent } from './notification-events';
import { subjectMatches, type SubscriptionFilter } from './subscription-filter';
import { SubscriptionSettings } from './subscription-settings';

const FAN_OUT_BATCH = 200;
const SEND_BATCH = 20;
const SEND_TIMEOUT_MS = 10_000;
/** A claim outlives the sends of a whole batch by far; a replica that died gives its claims up when they expire. */
const CLAIM_MS = SEND_BATCH * SEND_TIMEOUT_MS * 2;
const MAX_RESPONSE_BYTES = 64 * 1024;

/** One attempt's answer, as the deliveries list and the test endpoint report it. */
export interface SendResult {
  delivered: boolean;
  statusCode: number | null;
  error: string | null;
}

/**
 * The delivery worker: fans outbox events out into deliveries (one per matching subscription, once), then sends
 * the due ones. Safe on several replicas at once: events and deliveries are claimed with FOR UPDATE SKIP LOCKED,
 * and an attempt is recorded only under the claim that made it, so a delivered row is never sent again.
 */
@Injectable()
export class DeliveryService {
  private readonly logger = new Logger('Notifications');

  constructor(
    private readonly outbox: NotificationOutboxRepository,
    private readonly deliveries: NotificationDeliveryRepository,
    private readonly subscriptions: NotificationSubscriptionRepository,
    private readonly clusters: ClusterRepository,
    private readonly settings: SubscriptionSettings,
    private readonly http: GuardedHttpClient,
    private readonly identity: HubIdentity,
    @Inject(MetricsService) private readonly outcomes: DeliveryRecorder,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** One pass: every event fanned out, then one batch of due deliveries sent; `stopping` ends the batch early. */
  async runPass(stopping: () => boolean = () => false): Promise<{ fannedOut: number; sent: number }> {
    let fannedOut = 0;
    for (let batch = await this.fanOut(); batch > 0; batch = await this.fanOut()) fannedOut += batch;
    return { fannedOut, sent: await this.sendDue(stopping) };
  }

  /** Fans out one batch of events; the subscriptions and cluster labels are read first (the embedded database has one connection). */
  async fanOut(): Promise<number> {
    const subscriptions = await this.subscriptions.list();
    const labels = subscriptions.some((s) => (s.filter as SubscriptionFilter).clusterSelector) ? new Map((await this.clusters.listGeneratorFacts()).map((c) => [c.name, c.labels])) : new Map<string, Record<string, string>>();
    const selectors = new Map(subscriptions.map((s) => [s.id, parseLabelSelector((s.filter as SubscriptionFilter).clusterSelector ?? '')]));
    const now = this.clock.now();
    return this.outbox.dispatchBatch(FAN_OUT_BATCH, now, async (manager, events) => {
      for (const stored of events) {
        const event = toEvent(stored);
        const matching = subscriptions.filter(
          (s) =>
            s.events.includes(event.type) &&
            subjectMatches(s.filter as SubscriptionFilter, event.subject, selectors.get(s.id)!, event.subject.cluster ? labels.get(event.subject.cluster) : undefined) &&
            DESTINATIONS.get(s.destination.type as string)?.accepts(event) === true,
        );
        await this.deliveries.enqueue(manager, stored.seq, matching.map((s) => s.id), now);
      }
    });
  }

  /**
   * Claims and sends one batch of due deliveries; returns how many were attempted. Once `stopping` says so, the rest
   * of the batch is left claimed, for `releaseClaims` to give back: a shutdown waits for one send, not for twenty.
   */
  async sendDue(stopping: () => boolean = () => false): Promise<number> {
    const now = this.clock.now();
    const claimed = await this.deliveries.claimDue(this.identity.id, now, new Date(now.getTime() + CLAIM_MS), SEND_BATCH);
    if (claimed.length === 0) return 0;
    const subscriptions = new Map((await this.subscriptions.findByIds([...new Set(claimed.map((d) => d.subscriptionId))])).map((s) => [s.id, s]));
    let attempted = 0;
    for (const delivery of claimed) {
      if (stopping()) break;
      await this.attempt(delivery, subscriptions.get(delivery.subscriptionId));
      attempted++;
    }
    return attempted;
  }

  /** Gives back this replica's claims (shutdown): other replicas, or this one after a restart, send them at once. */
  releaseClaims(): Promise<void> {
    return this.deliveries.releaseClaims(this.identity.id);
  }

  /** Sends one event to one subscription now, outside the outbox (the test endpoint). */
  async sendNow(subscription: SubscriptionRow, event: NotificationEvent, deliveryId: string): Promise<SendResult> {
    return this.send(subscription, event, deliveryId);
  }

  private async attempt(delivery: DeliveryRow, subscription: SubscriptionRow | undefined): Promise<void> {
    const stored = await this.outbox.findBySeq(delivery.eventSeq);
    if (!subscription || !stored) return;
    const result = await this.send(subscription, toEvent(stored), delivery.id);
    const at = this.clock.now();
    const retryAt = result.delivered ? undefined : nextAttemptAt(delivery.createdAt, delivery.attempts + 1, at);
    const state = result.delivered ? 'delivered' : retryAt ? 'pending' : 'dead';
    const recorded = await this.deliveries.recordAttempt(delivery.id, this.identity.id, { state, statusCode: result.statusCode, error: result.error, at, nextAttemptAt: retryAt ?? null });
    if (!recorded) return;
    this.outcomes.observeDelivery(state === 'pending' ? 'retrying' : state);
    if (state === 'dead') this.logger.warn(`Notification ${delivery.id} to subscription ${subscription.name} given up after ${delivery.attempts + 1} attempts: ${result.error ?? `HTTP ${result.statusCode}`}`);
  }

  private async send(subscription: SubscriptionRow, event: NotificationEvent, deliveryId: string): Promise<SendResult> {
    const destination = DESTINATIONS.get(subscription.destination.type as string);
    if (!destination) return { delivered: false, statusCode: null, error: `unknown destination type ${String(subscription.destination.type)}` };
    let settings: DestinationSettings;
    try {
      settings = this.settings.open(subscription);
    } catch (error) {
      // A key removed from FLOTILLA_ENCRYPTION_KEY too early: a failed attempt to retry, not a failed pass.
      if (error instanceof CredentialDecryptError) return { delivered: false, statusCode: null, error: `CredentialsUnreadable: ${error.message}; replace the subscription` };
      throw error;
    }
    try {
      const request = destination.request(event, settings, { deliveryId, at: this.clock.now() });
      // Shown as the subscription, never as its URL: a Slack URL or a query string is a credential.
      const response = await this.http.request({ ...request, timeoutMs: SEND_TIMEOUT_MS, maxResponseBytes: MAX_RESPONSE_BYTES, shownAs: `subscription ${subscription.name}` });
      const delivered = response.status >= 200 && response.status < 300;
      return { delivered, statusCode: response.status, error: delivered ? null : `the receiver answered HTTP ${response.status}` };
    } catch (error) {
      if (error instanceof OutboundHttpError) return { delivered: false, statusCode: null, error: error.message };
      throw error;
    }
  }
}

function toEvent(stored: StoredOutboxEvent): NotificationEvent {
  return {
    seq: stored.seq,
    id: stored.id,
    type: stored.type as EventType,
    occurredAt: stored.occurredAt,
    subject: { project: stored.project, applicationSet: stored.applicationSet, application: stored.application, cluster: stored.cluster },
    data: stored.data,
  };
}
