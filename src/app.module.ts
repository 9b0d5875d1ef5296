import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { AccessModule } from './access/access.module';
import { AdminModule } from './admin/admin.module';
import { AdoptionModule } from './adoption/adoption.module';
import { ApplicationsModule } from './applications/applications.module';
import { ApplicationSetsModule } from './applicationsets/application-sets.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import type { Clock } from './clock/clock';
import { ClockModule } from './clock/clock.module';
import { ClustersModule } from './clusters/clusters.module';
import { ApiExceptionFilter } from './common/errors/api-exception.filter';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { DatabaseModule } from './database/database.module';
import { EmbeddedDatabaseStartModule } from './database/embedded-database-start';
import type { EmbeddedPostgres } from './database/embedded-postgres';
import { EventsModule } from './events/fleet-events';
import { GeneratorPluginsModule } from './generator-plugins/generator-plugins.module';
import { GitRemotesModule } from './git-remotes/git-remotes.module';
import { HealthModule } from './health/health.module';
import { HistoryModule } from './history/history.module';
import { loggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OutboundHttpModule } from './outbound-http';
import { ProjectsModule } from './projects/projects.module';
import { ReconcileModule } from './reconcile/reconcile.module';
import { RetentionModule } from './retention/retention.module';
import { RepositoriesModule } from './repositories/repositories.module';
import { RolloutsModule } from './rollouts/rollouts.module';
import { ScmProvidersModule } from './scm-providers/scm-providers.module';
import { SchedulingModule } from './scheduling/scheduling.module';
import { SecretsModule } from './secrets/secrets.module';
import { SsoModule } from './sso/sso.module';
import { ShardingModule } from './sharding/sharding.module';
import { WebhooksModule } from './webhooks/webhooks.module';

/** The composition root: infrastructure first (config, logging, clock, database, data layer), then the features. */
@Module({})
export class AppModule {
  /**
   * `clock` replaces the system clock (tests); production passes none. `embeddedDatabase`: the embedded database's
   * start when main.ts began it early (`database/embedded-database-start.ts`).
   */
  static register(config: AppConfig, clock?: Clock, embeddedDatabase?: Promise<EmbeddedPostgres>): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.register(config),
        loggingModule(config),
        ClockModule.register(clock),
        ScheduleModule.forRoot(),
        EmbeddedDatabaseStartModule.register(embeddedDatabase),
        DatabaseModule,
        RepositoriesModule,
        SchedulingModule,
        SecretsModule,
        OutboundHttpModule,
        MetricsModule,
        HealthModule,
        AccessModule,
        AuthModule,
        SsoModule,
        AuditModule,
        RetentionModule,
        EventsModule,
        AdminModule,
        ClustersModule,
        ProjectsModule,
        GitRemotesModule,
        GeneratorPluginsModule,
        ScmProvidersModule,
        ApplicationSetsModule,
        ShardingModule,
        ReconcileModule,
        RolloutsModule,
        ApplicationsModule,
        AdoptionModule,
        HistoryModule,
        WebhooksModule,
        NotificationsModule,
        // Last: its `/` route is the only one outside /api, /auth and the probes.
        DashboardModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ApiExceptionFilter }],
    };
  }
}
