import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { ApiAnswer, ApiErrors, ApiRequestBody } from '../common/http/openapi';
import { ZodValidationPipe } from '../common/http/zod-validation.pipe';
import {
  deliveryListSchema,
  type DeliveryQuery,
  type DeliveryView,
  deliveryQuerySchema,
  subscriptionListSchema,
  type SubscriptionRequest,
  subscriptionRequestSchema,
  subscriptionSchema,
  testOutcomeSchema,
  testRequestSchema,
} from './subscription.schemas';
import { SubscriptionsService } from './subscriptions.service';
import { Access, EACH_ROW, HUB_WIDE, pathName } from '../auth/permission.decorator';
import { ShowVisibleItems } from '../auth/visible-items.interceptor';

const NAME = ApiParam({ name: 'name', description: 'The subscription name' });

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/v1/notifications')
export class NotificationsController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Post('subscriptions')
  @Access('notifications', 'create', HUB_WIDE)
  @ApiRequestBody(subscriptionRequestSchema, { description: 'Events, a filter and a destination (webhook, slack or github-status); secrets are stored sealed and never returned' })
  @ApiAnswer(201, subscriptionSchema, 'The subscription, without its secrets')
  @ApiErrors({ status: 409, description: 'A subscription of that name exists' })
  create(@Body(new ZodValidationPipe(subscriptionRequestSchema)) body: SubscriptionRequest) {
    return this.subscriptions.create(body);
  }

  @Get('subscriptions')
  @Access('notifications', 'get', EACH_ROW)
  @ShowVisibleItems('notifications', (subscription: { name: string }) => subscription.name)
  @ApiAnswer(200, subscriptionListSchema, 'Every subscription')
  @ApiErrors()
  list() {
    return this.subscriptions.list();
  }

  @Get('subscriptions/:name')
  @Access('notifications', 'get', pathName('name', 'Subscription'))
  @NAME
  @ApiAnswer(200, subscriptionSchema, 'The subscription')
  @ApiErrors(404)
  get(@Param('name') name: string) {
    return this.subscriptions.get(name);
  }

  @Put('subscriptions/:name')
  @Access('notifications', 'update', pathName('name', 'Subscription'))
  @NAME
  @ApiRequestBody(subscriptionRequestSchema, { description: 'The whole subscription again, secrets included' })
  @ApiAnswer(200, subscriptionSchema, 'The subscription')
  @ApiErrors(404)
  replace(@Param('name') name: string, @Body(new ZodValidationPipe(subscriptionRequestSchema)) body: SubscriptionRequest) {
    return this.subscriptions.replace(name, body);
  }

  @Delete('subscriptions/:name')
  @Access('notifications', 'delete', pathName('name', 'Subscription'))
  @HttpCode(204)
  @NAME
  @ApiAnswer(204, null, 'Removed, with its deliveries')
  @ApiErrors(404)
  delete(@Param('name') name: string) {
    return this.subscriptions.delete(name);
  }

  @Post('subscriptions/:name/test')
  @Access('notifications', 'update', pathName('name', 'Subscription'))
  @HttpCode(200)
  @NAME
  @ApiRequestBody(testRequestSchema, { description: 'Optional; github-status needs repoURL and revision' })
  @ApiAnswer(200, testOutcomeSchema, 'What the receiver answered to a sample of the first event')
  @ApiErrors(404)
  test(@Param('name') name: string, @Body(new ZodValidationPipe(testRequestSchema)) body: z.infer<typeof testRequestSchema>) {
    return this.subscriptions.test(name, body);
  }

  @Get('deliveries')
  @Access('notifications', 'get', EACH_ROW)
  @ShowVisibleItems('notifications', (delivery: DeliveryView) => delivery.subscription)
  @ApiAnswer(200, deliveryListSchema, 'Deliveries, newest first: attempts, status codes, next retry')
  @ApiErrors()
  deliveries(@Query(new ZodValidationPipe(deliveryQuerySchema)) query: DeliveryQuery) {
    return this.subscriptions.deliveriesOf(query);
  }
}
