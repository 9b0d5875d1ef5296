import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AdminBootstrapService } from './admin-bootstrap.service';
import { AuthGuard } from './auth.guard';
import { TokensController } from './tokens.controller';
import { TokensService } from './tokens.service';

@Module({
  controllers: [TokensController],
  providers: [TokensService, AdminBootstrapService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [TokensService],
})
export class AuthModule {}
