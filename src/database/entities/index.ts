import { ApplicationEntity } from './application.entity';
import { ApplicationSetEntity } from './application-set.entity';
import { ApiTokenEntity } from './api-token.entity';
import { AuditEventEntity } from './audit-event.entity';
import { ClusterEntity } from './cluster.entity';
import { SyncRunEntity } from './sync-run.entity';
import { ProjectEntity } from './project.entity';
import { GitRemoteEntity } from './git-remote.entity';
import { JobLeaseEntity } from './job-lease.entity';
import { HubReplicaEntity } from './hub-replica.entity';
import { ShardLeaseEntity } from './shard-lease.entity';
import { RolloutEntity } from './rollout.entity';
import { RolloutStepEntity } from './rollout-step.entity';
import { RolloutTargetEntity } from './rollout-target.entity';
import { RolloutEventEntity } from './rollout-event.entity';
import { SyncedApplicationEntity } from './synced-application.entity';
import { GeneratorPluginEntity } from './generator-plugin.entity';
import { SsoSessionEntity } from './sso-session.entity';

export const ENTITIES = [
  ApiTokenEntity,
  ClusterEntity,
  JobLeaseEntity,
  ProjectEntity,
  ApplicationSetEntity,
  ApplicationEntity,
  ShardLeaseEntity,
  HubReplicaEntity,
  GitRemoteEntity,
  SyncRunEntity,
  SyncedApplicationEntity,
  AuditEventEntity,
  RolloutEntity,
  RolloutStepEntity,
  RolloutTargetEntity,
  RolloutEventEntity,
  GeneratorPluginEntity,
  SsoSessionEntity,
];
