import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';
import { AuditTrail } from './audit-trail';
import { AuthModule } from '../auth/auth.module';

/** The audit log of API actions: the trail that records them (installed in bootstrap.ts) and the route that reads them. */
@Module({
  imports: [AuthModule],
  controllers: [AuditController],
  providers: [AuditService, AuditTrail],
  exports: [AuditTrail],
})
export class AuditModule {}
