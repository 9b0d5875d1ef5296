import { Module } from '@nestjs/common';
import { ReconcileModule } from '../reconcile/reconcile.module';
import { GitWebhooksController } from './git-webhooks.controller';
import { GitWebhooksService } from './git-webhooks.service';

@Module({ imports: [ReconcileModule], controllers: [GitWebhooksController], providers: [GitWebhooksService] })
export class WebhooksModule {}
