import { z } from 'zod';
import { pageSchema, responseComponent, timestamp } from '../common/http/openapi';
import { pageQuery } from '../common/http/pagination';
import { validateLabelKey, validateLabelValue } from '../common/label-selector';
import type { ClusterView } from './cluster.view';

/** Argo CD accepts any cluster name; we only refuse control characters and unbounded length. */
const CLUSTER_NAME = z
  .string()
  .min(1, 'must not be empty')
  .max(253, 'at most 253 characters')
  .regex(/^[^\p{Cc}]+$/u, 'printable characters only');

const SERVER_URL = z.string().max(2048, 'at most 2048 characters');

const ANNOTATIONS_MAX_BYTES = 256 * 1024;

const labelMap = z.record(z.string(), z.string()).superRefine((labels, ctx) => {
  for (const [key, value] of Object.entries(labels)) {
    const keyProblem = validateLabelKey(key);
    if (keyProblem) ctx.addIssue({ code: 'custom', path: [key], message: `invalid key: ${keyProblem}` });
    const valueProblem = validateLabelValue(value);
    if (valueProblem) ctx.addIssue({ code: 'custom', path: [key], message: `invalid value: ${valueProblem}` });
  }
});

/** Kubernetes rules: keys are qualified names; values are free text, 256 KiB in total. */
const annotationMap = z.record(z.string(), z.string()).superRefine((annotations, ctx) => {
  let total = 0;
  for (const [key, value] of Object.entries(annotations)) {
    const keyProblem = validateLabelKey(key);
    if (keyProblem) ctx.addIssue({ code: 'custom', path: [key], message: `invalid key: ${keyProblem}` });
    total += Buffer.byteLength(key) + Buffer.byteLength(value);
  }
  if (total > ANNOTATIONS_MAX_BYTES) ctx.addIssue({ code: 'custom', path: [], message: 'annotations exceed 256 KiB in total' });
});

const PEM_TEXT = z.string().min(1, 'must not be empty').max(64 * 1024, 'at most 64 KiB');

export const credentialsSchema = z.union([
  z.strictObject({ bearerToken: z.string().min(1, 'must not be empty').max(16 * 1024, 'at most 16 KiB') }),
  z.strictObject({ clientCertificateData: PEM_TEXT, clientKeyData: PEM_TEXT }),
  z.strictObject({ kubeconfig: z.string().min(1, 'must not be empty').max(256 * 1024, 'at most 256 KiB'), context: z.string().min(1).optional() }),
], { error: 'must be one of {bearerToken}, {clientCertificateData, clientKeyData} or {kubeconfig, context?}' });

export const tlsSchema = z.strictObject({
  caData: PEM_TEXT.optional(),
  serverName: z.string().min(1).max(253).optional(),
  insecureSkipTLSVerify: z.boolean().optional(),
});

export const registerClusterSchema = z.strictObject({
  name: CLUSTER_NAME,
  server: SERVER_URL.optional(),
  labels: labelMap.optional(),
  annotations: annotationMap.optional(),
  project: z.string().min(1).max(253).optional(),
  credentials: credentialsSchema,
  tls: tlsSchema.optional(),
});

/** JSON merge patch (RFC 7386): `null` removes a label, an annotation, a TLS field or the project. */
export const patchClusterSchema = z.strictObject({
  server: SERVER_URL.optional(),
  labels: z.record(z.string(), z.string().nullable()).optional(),
  annotations: z.record(z.string(), z.string().nullable()).optional(),
  project: z.string().min(1).max(253).nullable().optional(),
  credentials: credentialsSchema.optional(),
  tls: z
    .strictObject({
      caData: PEM_TEXT.nullable().optional(),
      serverName: z.string().min(1).max(253).nullable().optional(),
      insecureSkipTLSVerify: z.boolean().nullable().optional(),
    })
    .optional(),
});

export const listClustersQuerySchema = z.strictObject({
  selector: z.string().max(4096).optional().describe('Kubernetes label selector, e.g. env in (staging,production),tier!=db'),
  ...pageQuery(1000, 100),
});

export const checkQuerySchema = z.strictObject({
  check: z.enum(['true', 'false']).optional().describe('true: refuse (422) unless the cluster answers /version with these credentials'),
});

/** What the API shows of a cluster: never credential material, only its type and when it changed. */
export const clusterSchema = responseComponent(
  'Cluster',
  z.object({
    name: z.string(),
    nameNormalized: z.string().describe("The name as Argo CD normalizes it (the clusters generator's nameNormalized)"),
    server: z.string(),
    project: z.string().nullable(),
    labels: z.record(z.string(), z.string()),
    annotations: z.record(z.string(), z.string()),
    credentials: z.object({ type: z.enum(['bearerToken', 'clientCertificate', 'kubeconfig']), updatedAt: timestamp() }),
    tls: z.object({
      caFingerprint: z.string().nullable().describe("SHA-256 fingerprint of the CA certificate"),
      serverName: z.string().nullable(),
      insecureSkipTLSVerify: z.boolean(),
    }),
    status: z.object({
      connectionState: z.enum(['Unknown', 'Successful', 'Failed']),
      serverVersion: z.string().nullable(),
      message: z.string().nullable(),
      lastCheckedAt: timestamp().nullable(),
    }),
    createdAt: timestamp(),
    updatedAt: timestamp(),
  }) satisfies z.ZodType<ClusterView>,
);

export const clusterPageSchema = responseComponent('ClusterPage', pageSchema(clusterSchema));

export type RegisterClusterRequest = z.infer<typeof registerClusterSchema>;
export type PatchClusterRequest = z.infer<typeof patchClusterSchema>;
export type CredentialsInput = z.infer<typeof credentialsSchema>;
export type ListClustersQuery = z.infer<typeof listClustersQuerySchema>;
export { CLUSTER_NAME, labelMap, annotationMap };
