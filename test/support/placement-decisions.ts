import { call } from '../kube-api/http';
import type { KubeApiServer } from './kube-api';

/**
 * Open Cluster Management's PlacementDecision, the resource Argo CD's clusterDecisionResource generator is made for:
 * a namespaced custom resource whose `status.decisions` lists `{clusterName, reason}` entries, written by the
 * placement controller through the status subresource.
 */
export const PLACEMENT_GROUP = 'cluster.open-cluster-management.io';
export const PLACEMENT_VERSION = 'v1beta1';
export const PLACEMENT_API_VERSION = `${PLACEMENT_GROUP}/${PLACEMENT_VERSION}`;
export const PLACEMENT_LABEL = 'cluster.open-cluster-management.io/placement';

export function placementDecisionCrd(): Record<string, unknown> {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `placementdecisions.${PLACEMENT_GROUP}` },
    spec: {
      group: PLACEMENT_GROUP,
      scope: 'Namespaced',
      names: { plural: 'placementdecisions', singular: 'placementdecision', kind: 'PlacementDecision', listKind: 'PlacementDecisionList' },
      versions: [
        { name: PLACEMENT_VERSION, served: true, storage: true, subresources: { status: {} }, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } },
      ],
    },
  };
}

/** The ConfigMap Argo CD's OCM integration ships (`acm-placement`): the duck type's GVK and keys. */
export function acmPlacementConfigMap(namespace: string, name = 'acm-placement', data: Record<string, string> = {}): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace },
    data: { apiVersion: PLACEMENT_API_VERSION, kind: 'placementdecisions', statusListKey: 'decisions', matchKey: 'clusterName', ...data },
  };
}

const decisionsPath = (namespace: string, name = ''): string =>
  `/apis/${PLACEMENT_GROUP}/${PLACEMENT_VERSION}/namespaces/${namespace}/placementdecisions${name ? `/${name}` : ''}`;

async function expectStatus(what: string, result: Promise<{ status: number; text: string }>, ok: number[]): Promise<void> {
  const { status, text } = await result;
  if (!ok.includes(status)) throw new Error(`${what}: HTTP ${status} ${text.slice(0, 300)}`);
}

export async function installPlacementDecisions(server: KubeApiServer): Promise<void> {
  await expectStatus('create the PlacementDecision CRD', call(server, '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { method: 'POST', body: placementDecisionCrd() }), [201]);
}

/** Creates a PlacementDecision labelled for `placement`; its status is empty until `decide` writes it. */
export async function createPlacementDecision(server: KubeApiServer, namespace: string, name: string, placement: string): Promise<void> {
  const body = { apiVersion: PLACEMENT_API_VERSION, kind: 'PlacementDecision', metadata: { name, namespace, labels: { [PLACEMENT_LABEL]: placement } } };
  await expectStatus(`create PlacementDecision ${name}`, call(server, decisionsPath(namespace), { method: 'POST', body }), [201]);
}

/** Writes the decisions as the placement controller does: a merge patch of the status subresource. */
export async function decide(server: KubeApiServer, namespace: string, name: string, clusterNames: string[]): Promise<void> {
  const body = { status: { decisions: clusterNames.map((clusterName) => ({ clusterName, reason: 'Selected' })) } };
  await expectStatus(`write the decisions of ${name}`, call(server, `${decisionsPath(namespace, name)}/status`, { method: 'PATCH', contentType: 'application/merge-patch+json', body }), [200]);
}
