import type { AppProject, AppProjectSpec } from '../../../domain/app-project';

/** Builds an AppProject for specs; only the spec fields a test cares about need to be given. */
export function buildProject(spec: AppProjectSpec, name = 'team'): AppProject {
  return { apiVersion: 'argoproj.io/v1alpha1', kind: 'AppProject', metadata: { name }, spec };
}
