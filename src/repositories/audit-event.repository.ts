import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { DataSource, Repository } from 'typeorm';
import { AuditEventEntity } from '../database/entities/audit-event.entity';
import { withMonthPartition } from '../database/monthly-partitions';

/** `project` may be left out: most requests concern none. */
export type NewAuditEvent = Omit<AuditEventEntity, 'id' | 'project'> & { project?: string | null };

/** Every filter of the audit log; all given ones must match. */
export interface AuditEventFilter {
  actor?: string;
  action?: string;
  resourceKind?: string;
  resourceName?: string;
  /** Inclusive. */
  since?: Date;
  /** Exclusive. */
  until?: Date;
  /** Statuses from `min` to `max`, both inclusive. */
  status?: { min: number; max: number };
  /** Only the events of these projects (what the caller may see); none at all when empty. */
  projects?: readonly string[];
}

/** The audit log: inserts and reads only, as the table itself allows nothing else. */
@Injectable()
export class AuditEventRepository {
  constructor(
    @InjectRepository(AuditEventEntity) private readonly events: Repository<AuditEventEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async insert(event: NewAuditEvent): Promise<void> {
    await withMonthPartition(this.dataSource, 'audit_events', event.occurredAt, () => this.events.insert(event));
  }

  /** Newest first; keyset pagination on (occurred_at, id). */
  async list(filter: AuditEventFilter, limit: number, before?: { occurredAt: string; id: string }): Promise<AuditEventEntity[]> {
    const query = this.events.createQueryBuilder('e').orderBy('e.occurred_at', 'DESC').addOrderBy('e.id', 'DESC').limit(limit);
    if (filter.actor !== undefined) query.andWhere('e.actor = :actor', { actor: filter.actor });
    if (filter.action !== undefined) query.andWhere('e.action = :action', { action: filter.action });
    if (filter.resourceKind !== undefined) query.andWhere('e.resource_kind = :kind', { kind: filter.resourceKind });
    if (filter.resourceName !== undefined) query.andWhere('e.resource_name = :name', { name: filter.resourceName });
    if (filter.since) query.andWhere('e.occurred_at >= :since', { since: filter.since });
    if (filter.until) query.andWhere('e.occurred_at < :until', { until: filter.until });
    if (filter.status) query.andWhere('e.status BETWEEN :min AND :max', filter.status);
    if (filter.projects !== undefined) {
      if (filter.projects.length === 0) query.andWhere('1 = 0');
      else query.andWhere('e.project IN (:...projects)', { projects: filter.projects });
    }
    if (before) query.andWhere('(e.occurred_at, e.id) < (:occurredAt, :id)', before);
    return query.getMany();
  }
}
