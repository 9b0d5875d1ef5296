import { validateDns1123Label, validateDns1123Subdomain, validateLabelKey, validateLabelValue } from '../../common/label-selector';
import {
  DEFAULT_PROJECT_NAME,
  defaultProject,
  isDestinationPermitted,
  isSourceRepoPermitted,
  type AppProject,
} from '../../projects/rules';
import { DestinationResolver } from './destinations';
import type { Application, ExpansionContext, RejectedApplication } from './types';

/*
 * Checks every generated Application without touching a database: a valid name, a name no other generated
 * Application shares (all duplicates are rejected, never written over each other), labels, annotation keys and
 * a namespace that Kubernetes would accept, an existing project whose rules permit the sources and the
 * destination, and a destination that resolves to exactly one cluster.
 */

export interface ValidatedApplications {
  applications: Application[];
  rejected: RejectedApplication[];
}

export function validateApplications(apps: Application[], context: ExpansionContext): ValidatedApplications {
  const counts = new Map<string, number>();
  for (const app of apps) counts.set(app.metadata.name, (counts.get(app.metadata.name) ?? 0) + 1);
  const check = new ApplicationChecker(context);
  const applications: Application[] = [];
  const rejected: RejectedApplication[] = [];
  for (const app of apps) {
    const name = app.metadata.name;
    const count = counts.get(name) ?? 0;
    const reason =
      count > 1
        ? `duplicate application name "${name}": ${count} parameter sets generate it, so none of them is applied`
        : check.reasonToReject(app);
    if (reason === undefined) applications.push(app);
    else rejected.push({ name, reason });
  }
  return { applications, rejected };
}

class ApplicationChecker {
  private readonly resolver: DestinationResolver;
  private readonly builtInDefault = defaultProject();
  // Most Applications of a set share their repositories; each (project, repository) pair is checked once.
  private readonly sourceVerdicts = new Map<string, boolean>();

  constructor(private readonly context: ExpansionContext) {
    this.resolver = new DestinationResolver(context);
  }

  reasonToReject(app: Application): string | undefined {
    const nameReason = validateDns1123Subdomain(app.metadata.name);
    if (nameReason !== undefined) return `metadata.name "${app.metadata.name}" ${nameReason}`;
    const metadataReason = metadataProblem(app);
    if (metadataReason !== undefined) return metadataReason;
    const spec = app.spec;
    if (typeof spec.project !== 'string') return 'spec.project must be a string';
    // An empty project means `default`, as Argo CD's ApplicationSpec.GetProject does.
    const projectName = spec.project === '' ? DEFAULT_PROJECT_NAME : spec.project;
    const project = this.project(projectName);
    if (project === undefined) return `project "${projectName}" does not exist`;
    const sourceReason = this.sourceReason(project, app);
    if (sourceReason !== undefined) return sourceReason;
    const resolution = this.resolver.resolve(spec.destination);
    if (!resolution.ok) return resolution.reason;
    const namespace = typeof spec.destination.namespace === 'string' ? spec.destination.namespace : '';
    const namespaceReason = namespace === '' ? undefined : validateDns1123Label(namespace);
    if (namespaceReason !== undefined) return `spec.destination.namespace "${namespace}" ${namespaceReason}`;
    const { server, name } = resolution.cluster;
    if (!isDestinationPermitted(project, { server, name, namespace })) {
      return `project "${projectName}" does not permit destination server "${server}" (cluster "${name}"), namespace "${namespace}"`;
    }
    return undefined;
  }

  private project(name: string): AppProject | undefined {
    return this.context.projects?.get(name) ?? (name === DEFAULT_PROJECT_NAME ? this.builtInDefault : undefined);
  }

  private sourcePermitted(project: AppProject, repoURL: string): boolean {
    const key = `${project.metadata.name}\u0000${repoURL}`;
    let verdict = this.sourceVerdicts.get(key);
    if (verdict === undefined) {
      verdict = isSourceRepoPermitted(project, repoURL);
      this.sourceVerdicts.set(key, verdict);
    }
    return verdict;
  }

  private sourceReason(project: AppProject, app: Application): string | undefined {
    const spec = app.spec;
    const sources = Array.isArray(spec.sources) && spec.sources.length > 0 ? spec.sources : spec.source ? [spec.source] : [];
    if (sources.length === 0) return 'spec.source or spec.sources is required';
    for (const source of sources) {
      if (typeof source?.repoURL !== 'string' || source.repoURL === '') return 'every source needs a repoURL';
      if (!this.sourcePermitted(project, source.repoURL)) {
        return `project "${project.metadata.name}" does not permit source repository "${source.repoURL}"`;
      }
    }
    return undefined;
  }
}

// Rendered labels come from parameters, so they can be invalid even when the template was valid.
function metadataProblem(app: Application): string | undefined {
  for (const [key, value] of Object.entries(app.metadata.labels ?? {})) {
    const reason = validateLabelKey(key) ?? (typeof value === 'string' ? validateLabelValue(value) : 'value must be a string');
    if (reason !== undefined) return `metadata.labels: ${reason}`;
  }
  for (const key of Object.keys(app.metadata.annotations ?? {})) {
    const reason = validateLabelKey(key);
    if (reason !== undefined) return `metadata.annotations: ${reason}`;
  }
  return undefined;
}
