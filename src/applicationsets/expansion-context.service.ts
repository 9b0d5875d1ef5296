import { Inject, Injectable } from '@nestjs/common';
import { ClusterRepository } from '../repositories/cluster.repository';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ProjectsService } from '../projects/projects.service';
import { IN_CLUSTER_NAME, IN_CLUSTER_SERVER } from '../domain/in-cluster';
import type { ClusterInfo, ExpansionContext } from './engine';
import { inClusterEnabled } from '../kubernetes/in-cluster';

/** Reads everything an expansion depends on: the cluster registry, the projects, the in-cluster setting. */
@Injectable()
export class ExpansionContextService {
  private readonly inCluster: boolean;

  constructor(
    private readonly clusters: ClusterRepository,
    private readonly projects: ProjectsService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.inCluster = inClusterEnabled(config);
  }

  async load(): Promise<ExpansionContext> {
    const [clusters, projects] = await Promise.all([this.clusters.listGeneratorFacts(), this.projects.projectsByName()]);
    const infos: ClusterInfo[] = clusters.map((cluster) => ({
      name: cluster.name,
      nameNormalized: cluster.nameNormalized,
      server: cluster.server,
      project: cluster.project ?? undefined,
      labels: cluster.labels,
      annotations: cluster.annotations,
    }));
    return { clusters: infos, projects, inCluster: { enabled: this.inCluster } };
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
