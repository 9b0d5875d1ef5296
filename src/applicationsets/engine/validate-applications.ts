import { effectiveProject } from '../../domain/app-project';
import { validateDns1123Label, validateDns1123Subdomain, validateLabelKey, validateLabelValue } from '../../common/label-selector';
import {
  DEFAULT_PROJECT_NAME,
  defaultProject,
  isDestinationPermitted,
  isSourceRepoPermitted,
  type AppProject,
} from '../../projects/rules';
import { applicationSources, hasMultipleSources } from '../../domain/application';
import { ignoreDifferencesIssue } from '../../sync';
import { DestinationResolver } from './destinations';
import { multipleSourcesIssue } from './validate-sources';
import type { Application, ApplicationDestination, ExpansionContext, FieldIssue, RejectedApplication } from './types';

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

/**
 * Why an Application cannot be applied, with the field at fault. `manifest`: the Application itself is malformed
 * (name, labels, namespace, missing fields); `hub`: it is well formed, but the hub's projects or clusters refuse
 * it (an unknown project, a repository or destination the project does not permit, an unregistered cluster).
 */
export interface ApplicationProblem extends FieldIssue {
  against: 'manifest' | 'hub';
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
        : check.problemOf(app)?.message;
    if (reason === undefined) applications.push(app);
    else rejected.push({ name, reason });
  }
  return { applications, rejected };
}

/**
 * The same checks on one Application written by hand (POST /api/v1/applications), so a standalone application is
 * held to exactly the rules a generated one is.
 */
export function checkApplication(app: Application, context: ExpansionContext): ApplicationProblem | undefined {
  return new ApplicationChecker(context).problemOf(app);
}

const inManifest = (path: string, message: string): ApplicationProblem => ({ path, message, against: 'manifest' });
const againstHub = (path: string, message: string): ApplicationProblem => ({ path, message, against: 'hub' });

class ApplicationChecker {
  private readonly resolver: DestinationResolver;
  private readonly builtInDefault = defaultProject();
  // Most Applications of a set share their repositories; each (project, repository) pair is checked once.
  private readonly sourceVerdicts = new Map<string, boolean>();

  constructor(private readonly context: ExpansionContext) {
    this.resolver = DestinationResolver.of(context);
  }

  problemOf(app: Application): ApplicationProblem | undefined {
    const nameReason = validateDns1123Subdomain(app.metadata.name);
    if (nameReason !== undefined) return inManifest('metadata.name', `metadata.name "${app.metadata.name}" ${nameReason}`);
    const metadataReason = metadataProblem(app);
    if (metadataReason !== undefined) return metadataReason;
    const spec = app.spec;
    if (typeof spec.project !== 'string') return inManifest('spec.project', 'spec.project must be a string');
    // The sync engine's own reading of spec.ignoreDifferences, so what is accepted here is what it can honour.
    const ignoreIssue = ignoreDifferencesIssue(spec.ignoreDifferences);
    if (ignoreIssue !== undefined) return inManifest(ignoreIssue.path, ignoreIssue.message);
    const projectName = effectiveProject(spec.project);
    const project = this.project(projectName);
    if (project === undefined) return againstHub('spec.project', `project "${projectName}" does not exist`);
    const sourceReason = this.sourceProblem(project, app);
    if (sourceReason !== undefined) return sourceReason;
    const resolution = this.resolver.resolve(spec.destination);
    if (!resolution.ok) return destinationProblem(spec.destination, resolution.reason);
    const namespace = typeof spec.destination.namespace === 'string' ? spec.destination.namespace : '';
    const namespaceReason = namespace === '' ? undefined : validateDns1123Label(namespace);
    if (namespaceReason !== undefined) return inManifest('spec.destination.namespace', `spec.destination.namespace "${namespace}" ${namespaceReason}`);
    const { server, name } = resolution.cluster;
    if (!isDestinationPermitted(project, { server, name, namespace })) {
      return againstHub('spec.destination', `project "${projectName}" does not permit destination server "${server}" (cluster "${name}"), namespace "${namespace}"`);
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

  private sourceProblem(project: AppProject, app: Application): ApplicationProblem | undefined {
    const spec = app.spec;
    const multiple = hasMultipleSources(spec);
    const sources = applicationSources(spec);
    if (sources.length === 0) return inManifest('spec.source', 'spec.source or spec.sources is required');
    for (const [index, source] of sources.entries()) {
      const path = multiple ? `spec.sources[${index}].repoURL` : 'spec.source.repoURL';
      if (typeof source?.repoURL !== 'string' || source.repoURL === '') return inManifest(path, 'every source needs a repoURL');
    }
    const structural = multiple ? multipleSourcesIssue(sources) : undefined;
    if (structural) return inManifest(structural.path, structural.message);
    // The project's sourceRepos apply to every source, a ref-only one included (its files reach the cluster too).
    for (const [index, source] of sources.entries()) {
      const path = multiple ? `spec.sources[${index}].repoURL` : 'spec.source.repoURL';
      if (!this.sourcePermitted(project, source.repoURL)) {
        return againstHub(path, `project "${project.metadata.name}" does not permit source repository "${source.repoURL}"`);
      }
    }
    return undefined;
  }
}

/** An unresolvable destination: malformed (neither or both of server and name) or naming no single registered cluster. */
function destinationProblem(destination: ApplicationDestination | undefined, reason: string): ApplicationProblem {
  if (!destination || (destination.server && destination.name) || (!destination.server && !destination.name)) return inManifest('spec.destination', reason);
  return againstHub(destination.server ? 'spec.destination.server' : 'spec.destination.name', reason);
}

// Rendered labels come from parameters, so they can be invalid even when the template was valid.
function metadataProblem(app: Application): ApplicationProblem | undefined {
  for (const [key, value] of Object.entries(app.metadata.labels ?? {})) {
    const reason = validateLabelKey(key) ?? (typeof value === 'string' ? validateLabelValue(value) : 'value must be a string');
    if (reason !== undefined) return inManifest(`metadata.labels.${key}`, `metadata.labels: ${reason}`);
  }
  for (const key of Object.keys(app.metadata.annotations ?? {})) {
    const reason = validateLabelKey(key);
    if (reason !== undefined) return inManifest(`metadata.annotations.${key}`, `metadata.annotations: ${reason}`);
  }
  return undefined;
}
