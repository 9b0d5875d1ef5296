import { InitialSchema1764130000000 } from './1764130000000-InitialSchema';
import { ApplicationSets1764140000000 } from './1764140000000-ApplicationSets';
import { ShardLeases1764150000000 } from './1764150000000-ShardLeases';
import { Repositories1764160000000 } from './1764160000000-Repositories';
import { SyncRuns1764170000000 } from './1764170000000-SyncRuns';
import { SyncRunRollout1764180000000 } from './1764180000000-SyncRunRollout';
import { HistoryQueries1764210000000 } from './1764210000000-HistoryQueries';
import { Rollouts1764190000000 } from './1764190000000-Rollouts';
import { StandaloneApplications1764220000000 } from './1764220000000-StandaloneApplications';
import { AuditEvents1764200000000 } from './1764200000000-AuditEvents';
import { PartitionSyncRuns1764200001000 } from './1764200001000-PartitionSyncRuns';
import { ApplicationDeletion1764230000000 } from './1764230000000-ApplicationDeletion';
import { MultiSourceSyncRuns1764240100000 } from './1764240100000-MultiSourceSyncRuns';
import { Notifications1764241100000 } from './1764241100000-Notifications';
import { GeneratorPlugins1764241600000 } from './1764241600000-GeneratorPlugins';
import { AppOfApps1764241713000 } from './1764241713000-AppOfApps';
import { ProjectRoleTokens1764250000000 } from './1764250000000-ProjectRoleTokens';
import { AuditEventProject1764250100000 } from './1764250100000-AuditEventProject';
import { SsoSessions1764250200000 } from './1764250200000-SsoSessions';
import { ConfigGeneration1764250300000 } from './1764250300000-ConfigGeneration';
import { ClusterConfigGeneration1764250400000 } from './1764250400000-ClusterConfigGeneration';
import { ApplicationIndexes1764250500000 } from './1764250500000-ApplicationIndexes';

/** Every migration, in order. Listed explicitly so the build and the test runner load the same classes. */
export const MIGRATIONS = [
  InitialSchema1764130000000,
  ApplicationSets1764140000000,
  ShardLeases1764150000000,
  Repositories1764160000000,
  SyncRuns1764170000000,
  SyncRunRollout1764180000000,
  Rollouts1764190000000,
  AuditEvents1764200000000,
  PartitionSyncRuns1764200001000,
  HistoryQueries1764210000000,
  StandaloneApplications1764220000000,
  ApplicationDeletion1764230000000,
  MultiSourceSyncRuns1764240100000,
  Notifications1764241100000,
  GeneratorPlugins1764241600000,
  AppOfApps1764241713000,
  ProjectRoleTokens1764250000000,
  AuditEventProject1764250100000,
  SsoSessions1764250200000,
  ConfigGeneration1764250300000,
  ClusterConfigGeneration1764250400000,
  ApplicationIndexes1764250500000,
];
