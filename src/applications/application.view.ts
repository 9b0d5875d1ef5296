import type { Application } from '../domain/application';
import type { ApplicationEntity } from '../database/entities/application.entity';
import type { ApplicationOrigin, ApplicationStatusRecord } from '../domain/application';

export interface ApplicationView extends Application {
  status: ApplicationStatusRecord & { applicationSet: string | null; orphaned: boolean; origin: ApplicationOrigin; parentApplication: string | null; cluster: string };
}

/** Argo CD's Application shape, with the owning set as an ownerReference (as Argo CD's controller sets it). */
export function toApplicationView(row: ApplicationEntity): ApplicationView {
  const owner = row.applicationSet ?? row.orphanedFrom;
  return {
    ...row.manifest,
    metadata: {
      ...row.manifest.metadata,
      creationTimestamp: row.createdAt.toISOString(),
      ...(row.deletionRequestedAt ? { deletionTimestamp: row.deletionRequestedAt.toISOString() } : {}),
      ...(row.applicationSet ? { ownerReferences: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'ApplicationSet', name: row.applicationSet }] } : {}),
    },
    status: { ...row.status, applicationSet: owner, orphaned: row.applicationSet === null && row.origin === 'ApplicationSet', origin: row.origin, parentApplication: row.parentApplication, cluster: row.cluster },
  };
}
