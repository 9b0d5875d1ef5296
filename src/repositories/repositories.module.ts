import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RepositoriesController } from './repositories.controller';
import { RepositoriesService } from './repositories.service';
import { RepositoryCredentialEntity } from './repository-credential.entity';
import { RepositoryCredentialRepository } from './repository-credential.repository';

@Module({
  imports: [TypeOrmModule.forFeature([RepositoryCredentialEntity])],
  controllers: [RepositoriesController],
  providers: [RepositoryCredentialRepository, RepositoriesService],
  exports: [RepositoriesService],
})
export class RepositoriesModule {}
