import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { HubIdentity } from './hub-identity';
import { JobLeaseEntity } from './job-lease.entity';
import { JobLeaseRepository } from './job-lease.repository';
import { PeriodicJobs } from './periodic-jobs';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([JobLeaseEntity])],
  providers: [PeriodicJobs, JobLeaseRepository, HubIdentity],
  exports: [PeriodicJobs, JobLeaseRepository, HubIdentity],
})
export class SchedulingModule {}
