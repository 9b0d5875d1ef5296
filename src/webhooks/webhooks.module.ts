import { Module } from '@nestjs/common';
import { ApplicationSetsModule } from '../applicationsets/application-sets.module';
import { ReconcileModule } from '../reconcile/reconcile.module';
import { GitWebhooksController } from './git-webhooks.controller';
import { GitWebhooksService } from './git-webhooks.service';

@Module({ imports: [ReconcileModule, ApplicationSetsModule], controllers: [GitWebhooksController], providers: [GitWebhooksService] })
export class WebhooksModule {}
