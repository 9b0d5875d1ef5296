import { createHash } from 'node:crypto';
import type { KubeObject, ResourceKey } from './types';

/** Argo CD's annotation-based tracking: the authority on which application owns an object. */
export const TRACKING_ANNOTATION = 'argocd.argoproj.io/tracking-id';
/** A label only so tracked objects can be listed with a selector; ownership is decided by the annotation. */
export const APPLICATION_LABEL = 'flotilla.io/application';

const MAX_LABEL_VALUE = 63;

export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export function keyOf(obj: KubeObject): ResourceKey {
  return { group: groupOf(obj.apiVersion), kind: obj.kind, namespace: obj.metadata.namespace ?? '', name: obj.metadata.name };
}

export function keyString(key: ResourceKey): string {
  return `${key.group}/${key.kind}/${key.namespace}/${key.name}`;
}

/** `<app>:<group>/<kind>:<namespace>/<name>` exactly as Argo CD writes it (empty group and namespace stay empty). */
export function trackingId(appName: string, key: ResourceKey): string {
  return `${appName}:${key.group}/${key.kind}:${key.namespace}/${key.name}`;
}

/**
 * Label values are limited to 63 characters of `[A-Za-z0-9._-]`, starting and ending alphanumeric.
 * Longer or unusual names keep a readable prefix plus a hash, so distinct apps keep distinct values.
 */
export function applicationLabelValue(appName: string): string {
  const cleaned = appName.replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  if (cleaned === appName && cleaned.length <= MAX_LABEL_VALUE) {
    return cleaned;
  }
  const hash = createHash('sha256').update(appName).digest('hex').slice(0, 10);
  const prefix = cleaned.slice(0, MAX_LABEL_VALUE - hash.length - 1).replace(/[^A-Za-z0-9]+$/, '');
  return prefix === '' ? hash : `${prefix}-${hash}`;
}

export function applicationSelector(appName: string): string {
  return `${APPLICATION_LABEL}=${applicationLabelValue(appName)}`;
}

/** Returns a copy carrying this application's tracking annotation and label. */
export function withTracking(obj: KubeObject, appName: string): KubeObject {
  const { metadata } = obj;
  return {
    ...obj,
    metadata: {
      ...metadata,
      labels: { ...metadata.labels, [APPLICATION_LABEL]: applicationLabelValue(appName) },
      annotations: { ...metadata.annotations, [TRACKING_ANNOTATION]: trackingId(appName, keyOf(obj)) },
    },
  };
}

/**
 * True only when the live object's tracking id names this application *and* the object itself.
 * An object copied from elsewhere (same annotation, other name or kind) is therefore not ours, as in
 * Argo CD, and a label that merely collides after truncation never makes an object prunable.
 */
export function isTrackedBy(live: KubeObject, appName: string): boolean {
  return live.metadata.annotations?.[TRACKING_ANNOTATION] === trackingId(appName, keyOf(live));
}
