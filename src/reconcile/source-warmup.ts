import { Injectable, Logger } from '@nestjs/common';
import { effectiveProject } from '../domain/app-project';
import { type Application, applicationSources } from '../domain/application';
import { isSourceRepoPermitted } from '../projects/rules';
import { DesiredStates, targetRevisionOf, textField } from './desired-state';
import { ReconcileConfig, type ReconcileConfigReading } from './reconcile-config';

/** Distinct renders started for one set's write: a set whose applications each read another path gets the first ones. */
const MAX_RENDERS_PER_WRITE = 32;

/**
 * Starts the renders of the applications a set is about to write, so that their first reconciles find them under way
 * or done (the render cache shares one render per commit and path). A new set's first rollout waits for one render:
 * begun while the rows are written, Git and the tool run before the reconciles' first contacts with their clusters
 * keep the hub busy, instead of a step at a time between them. Only what the reconcile itself would read: the
 * applications' projects must permit their sources, and the render is the reconcile's own (`DesiredStates.read`).
 * Nothing here reports a failure: the reconcile meets it again and says so in the application's status.
 */
@Injectable()
export class SourceWarmup {
  private readonly logger = new Logger('Reconcile');

  constructor(
    private readonly config: ReconcileConfig,
    private readonly desired: DesiredStates,
  ) {}

  /**
   * Renders the distinct sources of `applications` (those of this replica's clusters), in the background. `config`: a
   * reading the caller began (after the change it warms for), saving a look at the config generation.
   */
  warm(applications: readonly Application[], config?: Promise<ReconcileConfigReading>): void {
    const distinct = new Map<string, Application>();
    for (const application of applications) {
      const key = renderKey(application);
      if (!distinct.has(key)) distinct.set(key, application);
      if (distinct.size === MAX_RENDERS_PER_WRITE) break;
    }
    if (distinct.size > 0) void this.render([...distinct.values()], config);
  }

  private async render(applications: readonly Application[], config?: Promise<ReconcileConfigReading>): Promise<void> {
    try {
      const reading = await (config ?? this.config.current());
      await Promise.all(
        applications.map(async (application) => {
          const project = reading.projects.get(effectiveProject(application.spec.project));
          if (!project || applicationSources(application.spec).some((source) => !isSourceRepoPermitted(project, source.repoURL))) return;
          await this.desired.read(application.metadata.name, application, undefined, reading.credentialsFor).catch(() => undefined);
        }),
      );
    } catch (error) {
      this.logger.debug({ err: error }, 'Renders ahead of a set write skipped');
    }
  }
}

/**
 * What makes two applications' renders the same, near enough: the first source's repository, revision and path (and,
 * for Helm, the release's name and namespace, which its output carries). Two that differ only in other options share
 * a warm-up; the reconcile renders the second.
 */
function renderKey(application: Application): string {
  const [source] = applicationSources(application.spec);
  if (source === undefined) return '';
  const release = source.helm ? `\0${application.metadata.name}\0${application.spec.destination.namespace ?? ''}` : '';
  return `${source.repoURL}\0${targetRevisionOf(source)}\0${textField(source.path)}${release}`;
}
