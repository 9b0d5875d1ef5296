import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { KubernetesModule } from '../kubernetes/kubernetes.module';
import { AdminController } from './admin.controller';
import { ClusterCredentialsVault } from './cluster-credentials.vault';
import { ClusterEntity } from './cluster.entity';
import { ClusterRepository } from './cluster.repository';
import { ClustersController } from './clusters.controller';
import { ClustersService } from './clusters.service';
import { ConnectivityScheduler } from './connectivity.scheduler';
import { ConnectivityService } from './connectivity.service';
import { CredentialRotationService } from './credential-rotation.service';

@Module({
  imports: [TypeOrmModule.forFeature([ClusterEntity]), KubernetesModule],
  controllers: [ClustersController, AdminController],
  providers: [
    ClusterRepository,
    ClusterCredentialsVault,
    ClustersService,
    ConnectivityService,
    ConnectivityScheduler,
    CredentialRotationService,
  ],
  exports: [ClusterRepository, ClusterCredentialsVault, ClustersService],
})
export class ClustersModule {}
