import { caFingerprint } from '../kubernetes/pem';
import type { ClusterEntity, ConnectionState, CredentialsType } from '../database/entities/cluster.entity';

/** What the API shows of a cluster: never credential material, only its type and when it changed. */
export interface ClusterView {
  name: string;
  nameNormalized: string;
  server: string;
  project: string | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  credentials: { type: CredentialsType; updatedAt: string };
  tls: { caFingerprint: string | null; serverName: string | null; insecureSkipTLSVerify: boolean };
  status: { connectionState: ConnectionState; serverVersion: string | null; message: string | null; lastCheckedAt: string | null };
  createdAt: string;
  updatedAt: string;
}

export function toClusterView(cluster: ClusterEntity): ClusterView {
  return {
    name: cluster.name,
    nameNormalized: cluster.nameNormalized,
    server: cluster.server,
    project: cluster.project,
    labels: cluster.labels,
    annotations: cluster.annotations,
    credentials: { type: cluster.credentialsType, updatedAt: cluster.credentialsUpdatedAt.toISOString() },
    tls: {
      caFingerprint: cluster.tlsCaData ? caFingerprint(cluster.tlsCaData) : null,
      serverName: cluster.tlsServerName,
      insecureSkipTLSVerify: cluster.tlsInsecureSkipVerify,
    },
    status: {
      connectionState: cluster.connectionState,
      serverVersion: cluster.serverVersion,
      message: cluster.statusMessage,
      lastCheckedAt: cluster.lastCheckedAt?.toISOString() ?? null,
    },
    createdAt: cluster.createdAt.toISOString(),
    updatedAt: cluster.updatedAt.toISOString(),
  };
}
