import { ApiTokenEntity } from '../auth/api-token.entity';
import { ClusterEntity } from '../clusters/cluster.entity';
import { JobLeaseEntity } from '../scheduling/job-lease.entity';

export const ENTITIES = [ApiTokenEntity, ClusterEntity, JobLeaseEntity];
