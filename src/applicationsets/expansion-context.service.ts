import { Inject, Injectable } from '@nestjs/common';
import { FreshReads } from '../common/fresh-reads';
import { KeptPerGeneration } from '../common/kept-per-generation';
import { deepFreeze } from '../common/json';
import { ClusterRepository } from '../repositories/cluster.repository';
import { ConfigGenerationRepository } from '../repositories/config-generation.repository';
import type { AppProject } from '../projects/rules';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ProjectsService } from '../projects/projects.service';
import { IN_CLUSTER_NAME, IN_CLUSTER_SERVER } from '../domain/in-cluster';
import { type ClusterInfo, DestinationResolver, type ExpansionContext, type GitTreeSource, type ScmSource } from './engine';
import { inClusterEnabled } from '../kubernetes/in-cluster';
import { GitMirrors, MirrorTreeSource } from '../git';
import { GitRemotesService } from '../git-remotes/git-remotes.service';
import { InClusterDecisionReader } from '../kubernetes/in-cluster-decision-reader';
import { HttpPluginSource } from '../generator-plugins/http-plugin-source';
import { SCM_SOURCE } from './scm-source.token';

/** The registered clusters and the projects, as an expansion reads them: frozen, shared by every expansion. */
interface Registry {
  clusters: readonly ClusterInfo[];
  projects: ReadonlyMap<string, AppProject>;
}

/**
 * Reads everything an expansion depends on: the cluster registry, the projects, the in-cluster setting, the
 * Git repositories (through a source scoped to one pass: sets expanded in the same pass share its ref look-ups),
 * the hub's own cluster for clusterDecisionResource generators (read afresh by each generator run), the
 * registered generator plugins, and the SCM provider APIs (pullRequest, scmProvider generators).
 *
 * The registry (clusters and projects) is kept while the config generation stands still: a trigger bumps it as any
 * replica's write to either commits (for a cluster, a write to what a generator reads of it, not its reachability), so
 * an expansion costs one look at the counter instead of reading 10,000 clusters again (25–70 ms), and still sees every
 * change committed before it began. One reading is kept, frozen, about 1 kB a cluster.
 */
@Injectable()
export class ExpansionContextService {
  private readonly inCluster: boolean;
  private readonly allowLocalRepositories: boolean;
  // A failed reading is not kept: the next expansion reads again (and says the registry is unavailable meanwhile).
  private readonly registry = new KeptPerGeneration(() => this.readRegistry());
  // Expansions that start together (a cluster registered, a pass over every set) share looks at the counter.
  private readonly generation = new FreshReads(() => this.generations.current());

  constructor(
    private readonly generations: ConfigGenerationRepository,
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
    // Read before what it stands for: a change committed in between makes the next look read again, never the reverse.
    const { clusters, projects } = await this.registry.get(await this.generation.get());
    return {
      clusters,
      projects,
      inCluster: { enabled: this.inCluster },
      git,
      clusterDecisions: this.clusterDecisions,
      plugins: this.plugins,
      scm: this.scm,
    };
  }

  private async readRegistry(): Promise<Registry> {
    const [clusters, projects] = await Promise.all([this.clusters.listGeneratorFacts(), this.projects.projectsByName()]);
    const infos: ClusterInfo[] = clusters.map((cluster) => ({
      name: cluster.name,
      nameNormalized: cluster.nameNormalized,
      server: cluster.server,
      project: cluster.project ?? undefined,
      labels: cluster.labels,
      annotations: cluster.annotations,
    }));
    return deepFreeze({ clusters: infos, projects });
  }
}

/** Maps an application's destination to the cluster it names (the engine has already checked it resolves). */
export function destinationResolver(context: ExpansionContext): (destination: { server?: string; name?: string }) => string {
  const resolver = DestinationResolver.of(context);
  return (destination) => {
    if (destination.name) return destination.name;
    const server = destination.server ?? '';
    const resolved = resolver.resolve({ server });
    return resolved.ok ? resolved.cluster.name : server === IN_CLUSTER_SERVER ? IN_CLUSTER_NAME : server;
  };
}
