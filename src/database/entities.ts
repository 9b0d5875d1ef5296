import { ApplicationEntity } from '../applications/application.entity';
import { ApplicationSetEntity } from '../applicationsets/application-set.entity';
import { ApiTokenEntity } from '../auth/api-token.entity';
import { ClusterEntity } from '../clusters/cluster.entity';
import { SyncRunEntity } from '../history/sync-run.entity';
import { ProjectEntity } from '../projects/project.entity';
import { RepositoryCredentialEntity } from '../repositories/repository-credential.entity';
import { JobLeaseEntity } from '../scheduling/job-lease.entity';
import { HubReplicaEntity } from '../sharding/hub-replica.entity';
import { ShardLeaseEntity } from '../sharding/shard-lease.entity';

export const ENTITIES = [ApiTokenEntity, ClusterEntity, JobLeaseEntity, ProjectEntity, ApplicationSetEntity, ApplicationEntity, ShardLeaseEntity, HubReplicaEntity, RepositoryCredentialEntity, SyncRunEntity];
