import { Injectable } from '@nestjs/common';
import { BatchedLookups } from '../common/batched-lookups';
import { FreshReads } from '../common/fresh-reads';
import { KeptPerGeneration } from '../common/kept-per-generation';
import { deepFreeze } from '../common/json';
import type { GitCredentials } from '../git';
import { GitRemotesService } from '../git-remotes/git-remotes.service';
import { ProjectsService } from '../projects/projects.service';
import type { AppProject } from '../projects/rules';
import { ApplicationSetRepository } from '../repositories/application-set.repository';
import { ClusterRepository } from '../repositories/cluster.repository';
import { ConfigGenerationRepository } from '../repositories/config-generation.repository';
import type { ClusterEntity } from '../database/entities/cluster.entity';

/** What every reconcile reads besides its own application: the same for all of them until one of them changes. */
export interface ReconcileConfigReading {
  projects: ReadonlyMap<string, AppProject>;
  /** The sets whose applications only fleet rollouts sync. */
  rollingSyncSets: ReadonlySet<string>;
  credentialsFor(repoURL: string): Promise<GitCredentials | undefined>;
  /**
   * A registered cluster by name (null: none), frozen, read once per generation: only the clusters this replica's
   * reconciles ask for are kept. Its credentials stay sealed until a connection is made.
   */
  clusterNamed(name: string): Promise<Readonly<ClusterEntity> | null>;
}

/**
 * The projects, RollingSync sets, repositories and clusters as this replica last read them, kept while the config
 * generation stands still (a trigger bumps it as any replica's write to them commits; for a cluster, a write to what
 * connecting to it needs, not its reachability). A reconcile then costs one look at the counter, shared by the
 * reconciles that start together (FreshReads), or none when the counter came in the statement that read its row (a
 * queued or requested reconcile), instead of four queries, and still sees every change committed before it started,
 * whichever replica made it. What is kept is frozen: a reading is shared by every reconcile until the
 * next change.
 */
@Injectable()
export class ReconcileConfig {
  private readonly kept = new KeptPerGeneration(() => this.read());
  // The reconciles a change or a push starts arrive together: they share looks at the counter.
  private readonly generation = new FreshReads(() => this.generations.current());

  constructor(
    private readonly generations: ConfigGenerationRepository,
    private readonly projects: ProjectsService,
    private readonly sets: ApplicationSetRepository,
    private readonly repositories: GitRemotesService,
    private readonly clusters: ClusterRepository,
  ) {}

  /** `generationReadSince`: the counter as the caller read it after it began (with its row), saving a look. */
  async current(generationReadSince?: string): Promise<ReconcileConfigReading> {
    // Read before what it stands for: a change committed in between makes the next look read again, never the reverse.
    // A look that began after this call: one already under way may predate a commit this reconcile must see.
    return this.kept.get(generationReadSince ?? (await this.generation.get()));
  }

  private async read(): Promise<ReconcileConfigReading> {
    const [projects, rollingSyncSets, credentialsFor] = await Promise.all([this.projects.projectsByName(), this.sets.rollingSyncNames(), this.repositories.credentialsReader()]);
    for (const project of projects.values()) deepFreeze(project);
    return { projects, rollingSyncSets, credentialsFor, clusterNamed: this.clusterLookups() };
  }

  private clusterLookups(): ReconcileConfigReading['clusterNamed'] {
    const read = new Map<string, Promise<Readonly<ClusterEntity> | null>>();
    // The reconciles of a pass start together, each on another cluster: their rows come a batch per statement.
    const rows = new BatchedLookups<string, ClusterEntity | null>(async (names) => new Map((await this.clusters.findByNames(names)).map((row) => [row.name, row])), null);
    return (name) => {
      let cluster = read.get(name);
      if (!cluster) {
        cluster = rows.get(name).then((row) => row && deepFreeze(row));
        read.set(name, cluster);
        // A failed read is not kept: the next reconcile reads again.
        cluster.catch(() => read.delete(name));
      }
      return cluster;
    };
  }
}
