import { Global, Module } from '@nestjs/common';
import { SCM_SOURCE } from '../applicationsets/scm-source.token';
import { GitRemotesModule } from '../git-remotes/git-remotes.module';
import { GitRemotesService } from '../git-remotes/git-remotes.service';
import { GuardedHttpClient } from '../outbound-http';
import { PROVIDER_ADAPTERS } from './adapters';
import { HubScmSource } from './hub-scm-source';

/**
 * The pullRequest and scmProvider generators' access to provider APIs, under SCM_SOURCE. Global, because the
 * expansion (src/applicationsets) names only the token: this folder depends on the engine's port, not the reverse.
 */
@Global()
@Module({
  imports: [GitRemotesModule],
  providers: [
    {
      provide: SCM_SOURCE,
      useFactory: (client: GuardedHttpClient, registry: GitRemotesService) => new HubScmSource(client, registry, PROVIDER_ADAPTERS),
      inject: [GuardedHttpClient, GitRemotesService],
    },
  ],
  exports: [SCM_SOURCE],
})
export class ScmProvidersModule {}
