import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessObjects } from './access-objects';
import { AdminBootstrapService } from './admin-bootstrap.service';
import { AuthGuard } from './auth.guard';
import { ProjectRoleTokensController } from './project-role-tokens.controller';
import { ProjectRoleTokensService } from './project-role-tokens.service';
import { TokensController } from './tokens.controller';
import { TokensService } from './tokens.service';
import { VisibleItemsInterceptor } from './visible-items.interceptor';
import { VisibleProjects } from './visible-projects';

@Module({
  controllers: [TokensController, ProjectRoleTokensController],
  providers: [
    TokensService,
    ProjectRoleTokensService,
    AdminBootstrapService,
    AccessObjects,
    VisibleProjects,
    VisibleItemsInterceptor,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [TokensService, VisibleProjects],
})
export class AuthModule {}
