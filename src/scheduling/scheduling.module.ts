import { Global, Module } from '@nestjs/common';
import { HubIdentity } from './hub-identity';
import { PeriodicJobs } from './periodic-jobs';

@Global()
@Module({
  providers: [PeriodicJobs, HubIdentity],
  exports: [PeriodicJobs, HubIdentity],
})
export class SchedulingModule {}
