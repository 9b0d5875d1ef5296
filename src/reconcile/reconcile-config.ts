import { Injectable } from '@nestjs/common';
import { deepFreeze } from '../common/json';
import type { GitCredentials } from '../git';
import { GitRemotesService } from '../git-remotes/git-remotes.service';
import { ProjectsService } from '../projects/projects.service';
import type { AppProject } from '../projects/rules';
import { ApplicationSetRepository } from '../repositories/application-set.repository';
import { ConfigGenerationRepository } from '../repositories/config-generation.repository';

/** What every reconcile reads besides its own application: the same for all of them until one of them changes. */
export interface ReconcileConfigReading {
  projects: ReadonlyMap<string, AppProject>;
  /** The sets whose applications only fleet rollouts sync. */
  rollingSyncSets: ReadonlySet<string>;
  credentialsFor(repoURL: string): Promise<GitCredentials | undefined>;
}

/**
 * The projects, RollingSync sets and repositories as this replica last read them, kept while the config generation
 * stands still (a trigger bumps it as any replica's write to them commits). A reconcile then costs one look at the
 * counter instead of three queries, and still sees every committed change, whichever replica made it. The projects
 * are frozen: a reading is shared by every reconcile until the next change.
 */
@Injectable()
export class ReconcileConfig {
  private kept?: { generation: string; reading: Promise<ReconcileConfigReading> };

  constructor(
    private readonly generations: ConfigGenerationRepository,
    private readonly projects: ProjectsService,
    private readonly sets: ApplicationSetRepository,
    private readonly repositories: GitRemotesService,
  ) {}

  async current(): Promise<ReconcileConfigReading> {
    // Read before what it stands for: a change committed in between makes the next look read again, never the reverse.
    const generation = await this.generations.current();
    if (this.kept?.generation !== generation) {
      const reading = this.read();
      this.kept = { generation, reading };
      // A failed reading is not kept: the next reconcile reads again.
      reading.catch(() => {
        if (this.kept?.reading === reading) this.kept = undefined;
      });
    }
    return this.kept.reading;
  }

  private async read(): Promise<ReconcileConfigReading> {
    const [projects, rollingSyncSets, credentialsFor] = await Promise.all([this.projects.projectsByName(), this.sets.rollingSyncNames(), this.repositories.credentialsReader()]);
    for (const project of projects.values()) deepFreeze(project);
    return { projects, rollingSyncSets, credentialsFor };
  }
}
