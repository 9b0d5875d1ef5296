import { Inject, Injectable } from '@nestjs/common';
import { ClusterRepository } from '../repositories/cluster.repository';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ProjectsService } from '../projects/projects.service';
import { IN_CLUSTER_NAME, IN_CLUSTER_SERVER } from '../domain/in-cluster';
import type { ClusterInfo, ExpansionContext, GitTreeSource, ScmSource } from './engine';
import { inClusterEnabled } from '../kubernetes/in-cluster';
import { GitMirrors, MirrorTreeSource } from '../git';
import { GitRemotesService } from '../git-remotes/git-remotes.service';
import { InClusterDecisionReader } from '../kubernetes/in-cluster-decision-reader';
import { HttpPluginSource } from '../generator-plugins/http-plugin-source';
import { SCM_SOURCE } from './scm-source.token';

/**
 * Reads everything an expansion depends on: the cluster registry, the projects, the in-cluster setting, the
 * Git repositories (through a source scoped to one pass: sets expanded in the same pass share its ref look-ups),
 * the hub's own cluster for clusterDecisionResource generators (read afresh by each generator run), the
 * registered generator plugins, and the SCM provider APIs (pullRequest, scmProvider generators).
 */
@Injectable()
export class ExpansionContextService {
  private readonly inCluster: boolean;
  private readonly allowLocalRepositories: boolean;

  constructor(
    private readonly clusters: ClusterRepository,
    private readonly projects: ProjectsService,
    private readonly mirrors: GitMirrors,
    private readonly repositories: GitRemotesService,
    private readonly clusterDecisions: InClusterDecisionReader,
    private readonly plugins: HttpPluginSource,
    @Inject(SCM_SOURCE) private readonly scm: ScmSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.inCluster = inClusterEnabled(config);
    this.allowLocalRepositories = config.reconcile.allowLocalRepositories;
  }

  /**
   * A Git source for one pass: each repository's refs are listed once through it (one ls-remote), so a pass over
   * many sets reading one repository costs one look-up; the next pass opens a new one and sees new commits.
   */
  openGitPass(): GitTreeSource {
    return new MirrorTreeSource(this.mirrors, {
      credentialsFor: this.repositories.credentialsOncePerRepository(),
      allowLocal: this.allowLocalRepositories,
    });
  }

  /** `git` is the pass's Git source; without one, this expansion gets a pass of its own. */
  async load(git: GitTreeSource = this.openGitPass()): Promise<ExpansionContext> {
    const [clusters, projects] = await Promise.all([this.clusters.listGeneratorFacts(), this.projects.projectsByName()]);
    const infos: ClusterInfo[] = clusters.map((cluster) => ({
      name: cluster.name,
      nameNormalized: cluster.nameNormalized,
      server: cluster.server,
      project: cluster.project ?? undefined,
      labels: cluster.labels,
      annotations: cluster.annotations,
    }));
    return {
      clusters: infos,
      projects,
      inCluster: { enabled: this.inCluster },
      git,
      clusterDecisions: this.clusterDecisions,
      plugins: this.plugins,
      scm: this.scm,
    };
  }
}

/** Maps an application's destination to the cluster it names (the engine has already checked it resolves). */
export function destinationResolver(context: ExpansionContext): (destination: { server?: string; name?: string }) => string {
  const byServer = new Map(context.clusters.map((cluster) => [cluster.server, cluster.name]));
  return (destination) => {
    if (destination.name) return destination.name;
    const server = destination.server ?? '';
    return byServer.get(server) ?? (server === IN_CLUSTER_SERVER ? IN_CLUSTER_NAME : server);
  };
}
