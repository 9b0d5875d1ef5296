import { Global, Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module';
import { ApplicationSetsModule } from '../applicationsets/application-sets.module';
import { ProjectsModule } from '../projects/projects.module';
import { HubObjects } from '../reconcile/hub-objects';
import { AdoptedChildren } from './adopted-children';
import { HubAdoption } from './hub-adoption';

/**
 * Binds reconcile's HubObjects port to the hub's own services. Global because reconcile cannot import it: this
 * module builds on the REST API's services, which build on reconcile.
 */
@Global()
@Module({
  imports: [ApplicationsModule, ApplicationSetsModule, ProjectsModule],
  providers: [AdoptedChildren, { provide: HubObjects, useClass: HubAdoption }],
  exports: [HubObjects],
})
export class AdoptionModule {}
