import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiListAnswer, streamExport } from '../common/http/export';
import { ApiErrors, ApiQueryParameters } from '../common/http/openapi';
import { ZodValidationPipe } from '../common/http/zod-validation.pipe';
import { type AuditQuery, auditEventPageSchema, auditEventSchema, auditQuerySchema } from './audit.schemas';
import { AUDIT_COLUMNS, AuditService } from './audit.service';
import { Access, EACH_ROW } from '../auth/permission.decorator';
import { VisibleProjects } from '../auth/visible-projects';
import { CallerAccess, type RequestAccess } from '../auth/request-access';

/**
 * The audit log of API actions, read-only. An auditor (`audit, get, *`) reads every event; anyone else only the
 * events of the projects whose whole trail it may read (`audit, get, <project>/*`; a project role: its own project's),
 * and never the hub-wide ones.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly visibleProjects: VisibleProjects,
  ) {}

  @Get()
  @Access('audit', 'get', EACH_ROW)
  @ApiQueryParameters(auditQuerySchema)
  @ApiListAnswer(auditEventPageSchema, auditEventSchema, 'One page of audit events, newest first')
  @ApiErrors()
  async list(@Query(new ZodValidationPipe(auditQuerySchema)) query: AuditQuery, @CallerAccess() access: RequestAccess) {
    const projects = await this.visibleProjects.of(access, 'audit');
    if (query.format === 'json') return this.audit.list(query, projects);
    return streamExport(query.format, this.audit.export(query, projects), AUDIT_COLUMNS, 'audit');
  }
}
