import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiListAnswer, streamExport } from '../common/http/export';
import { ApiErrors, ApiQueryParameters } from '../common/http/openapi';
import { ZodValidationPipe } from '../common/http/zod-validation.pipe';
import { type AuditQuery, auditEventPageSchema, auditEventSchema, auditQuerySchema } from './audit.schemas';
import { AUDIT_COLUMNS, AuditService } from './audit.service';

/** The audit log of API actions: read-only, for every role (auditors get viewer tokens). */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiQueryParameters(auditQuerySchema)
  @ApiListAnswer(auditEventPageSchema, auditEventSchema, 'One page of audit events, newest first')
  @ApiErrors()
  list(@Query(new ZodValidationPipe(auditQuerySchema)) query: AuditQuery) {
    if (query.format === 'json') return this.audit.list(query);
    return streamExport(query.format, this.audit.export(query), AUDIT_COLUMNS, 'audit');
  }
}
