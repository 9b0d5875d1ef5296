import { type AppProject, DEFAULT_PROJECT_NAME } from '../../domain/app-project';

export { DEFAULT_PROJECT_NAME };

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
