import { Module } from '@nestjs/common';
import { DeliveryScheduler } from './delivery.scheduler';
import { DeliveryService } from './delivery.service';
import { NotificationsController } from './notifications.controller';
import { OutboxObserver } from './outbox.observer';
import { SubscriptionSettings } from './subscription-settings';
import { SubscriptionsService } from './subscriptions.service';

/** Subscriptions over REST, the outbox observer, and the delivery worker. */
@Module({
  controllers: [NotificationsController],
  providers: [OutboxObserver, SubscriptionSettings, SubscriptionsService, DeliveryService, DeliveryScheduler],
  exports: [DeliveryScheduler],
})
export class NotificationsModule {}
