import { Module } from '@nestjs/common';
import { KubernetesModule } from '../kubernetes/kubernetes.module';
import { ClusterConnections } from './cluster-connections';
import { ClustersController } from './clusters.controller';
import { ClustersService } from './clusters.service';
import { ConnectivityScheduler } from './connectivity.scheduler';
import { ConnectivityService } from './connectivity.service';

@Module({
  imports: [KubernetesModule],
  controllers: [ClustersController],
  providers: [ClusterConnections, ClustersService, ConnectivityService, ConnectivityScheduler],
  exports: [ClusterConnections],
})
export class ClustersModule {}
