import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ENTITIES } from '../database/entities';
import { AdoptionRepository } from './adoption.repository';
import { ApiTokenRepository } from './api-token.repository';
import { ApplicationSetRepository } from './application-set.repository';
import { ApplicationRepository } from './application.repository';
import { AuditEventRepository } from './audit-event.repository';
import { ClusterRepository } from './cluster.repository';
import { ConfigGenerationRepository } from './config-generation.repository';
import { DatabaseStatusRepository } from './database-status.repository';
import { GeneratorPluginRepository } from './generator-plugin.repository';
import { GitRemoteRepository } from './git-remote.repository';
import { HistoryQueryRepository } from './history-query.repository';
import { JobLeaseRepository } from './job-lease.repository';
import { NotificationDeliveryRepository } from './notification-delivery.repository';
import { NotificationOutboxRepository } from './notification-outbox.repository';
import { NotificationSubscriptionRepository } from './notification-subscription.repository';
import { ProjectRepository } from './project.repository';
import { RolloutEventRepository } from './rollout-event.repository';
import { RolloutStepRepository } from './rollout-step.repository';
import { RolloutTargetRepository } from './rollout-target.repository';
import { RolloutRepository } from './rollout.repository';
import { ShardLeaseRepository } from './shard-lease.repository';
import { SsoSessionRepository } from './sso-session.repository';
import { StateChangeObservers } from './state-changes';
import { SyncRunRepository } from './sync-run.repository';
import { TimePartitionsRepository } from './time-partitions.repository';

const REPOSITORIES = [
  AdoptionRepository,
  ApiTokenRepository,
  ApplicationRepository,
  ApplicationSetRepository,
  AuditEventRepository,
  ClusterRepository,
  ConfigGenerationRepository,
  DatabaseStatusRepository,
  GeneratorPluginRepository,
  GitRemoteRepository,
  HistoryQueryRepository,
  JobLeaseRepository,
  NotificationDeliveryRepository,
  NotificationOutboxRepository,
  NotificationSubscriptionRepository,
  ProjectRepository,
  RolloutEventRepository,
  RolloutRepository,
  RolloutStepRepository,
  RolloutTargetRepository,
  ShardLeaseRepository,
  SsoSessionRepository,
  StateChangeObservers,
  SyncRunRepository,
  TimePartitionsRepository,
];

/**
 * The data layer: one repository per table, the only code that speaks TypeORM (lint enforces it). Global, so a
 * feature module lists the services it owns and never wires persistence itself.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature(ENTITIES)],
  providers: REPOSITORIES,
  exports: REPOSITORIES,
})
export class RepositoriesModule {}
