import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { NotificationOutboxRepository } from '../repositories/notification-outbox.repository';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The notification outbox is a queue, not a history: an event is kept NOTIFICATION_RETENTION_DAYS after it was fanned
 * out, and then only if none of its deliveries is still pending (the delivery list is for looking into recent
 * failures; the sync history and the audit log are the durable record).
 */
@Injectable()
export class NotificationRetention {
  constructor(
    private readonly outbox: NotificationOutboxRepository,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Removes the settled events older than the retention; returns how many. */
  async pruneSettled(): Promise<number> {
    return this.outbox.deleteSettledBefore(new Date(this.clock.now().getTime() - this.config.retention.notificationDays * DAY_MS));
  }
}
