import type { Application, ApplicationSet, ApplicationSpec, ApplicationTemplate } from './types';

export const RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';

/**
 * Argo CD's cascading deletion: deleting an Application that carries the resources finalizer (or a qualified form of
 * it, `resources-finalizer.argocd.argoproj.io/background` and the like) deletes its cluster objects first; without
 * it they stay. The one test of it, for generated and hand-made applications alike.
 */
export function hasResourcesFinalizer(finalizers: readonly string[] | undefined): boolean {
  return (finalizers ?? []).some((finalizer) => finalizer.startsWith(RESOURCES_FINALIZER));
}

/**
 * Whether a set deleting `app` deletes its cluster objects too: it carries the resources finalizer and the set does
 * not ask to preserve resources (Argo CD's controller then removes the finalizer before it deletes the Application).
 */
export function setDeletionCascades(app: Application, preserveResourcesOnDeletion: boolean): boolean {
  return !preserveResourcesOnDeletion && hasResourcesFinalizer(app.metadata.finalizers);
}

/**
 * Turns a rendered template into an Application the way Argo CD's ApplicationSet controller does: the
 * Application lives in the ApplicationSet's namespace, keeps the template's labels and annotations, and gets
 * the resources finalizer (cascading deletion) unless the template sets finalizers itself or the set asks to
 * preserve resources on deletion.
 */
export function buildApplication(rendered: ApplicationTemplate, appSet: ApplicationSet): Application {
  const metadata = { ...(rendered.metadata ?? {}) } as Application['metadata'];
  metadata.name = typeof metadata.name === 'string' ? metadata.name : '';
  if (appSet.metadata.namespace !== undefined) metadata.namespace = appSet.metadata.namespace;
  const preserve = appSet.spec.syncPolicy?.preserveResourcesOnDeletion === true;
  if (!preserve && (metadata.finalizers === undefined || metadata.finalizers.length === 0)) {
    metadata.finalizers = [RESOURCES_FINALIZER];
  }
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata,
    spec: (rendered.spec ?? {}) as ApplicationSpec,
  };
}
