import type { AppProject } from '../../domain/app-project';

export const DEFAULT_PROJECT_NAME = 'default';

/** Argo CD's built-in `default` project as first created: any repository, any destination, every kind. */
export function defaultProject(): AppProject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: { name: DEFAULT_PROJECT_NAME },
    spec: {
      sourceRepos: ['*'],
      destinations: [{ server: '*', namespace: '*' }],
      clusterResourceWhitelist: [{ group: '*', kind: '*' }],
    },
  };
}
