import { Injectable } from '@nestjs/common';
import type { ClusterEntity } from '../database/entities/cluster.entity';
import type { ClusterConnection, ClusterCredentials } from '../kubernetes';
import { CredentialVault } from '../secrets/credential-vault';

type SealedColumns = Pick<ClusterEntity, 'credentialsKeyId' | 'credentialsCiphertext'>;

/** A cluster row's credentials through the vault, and the in-memory connection the Kubernetes adapter takes. */
@Injectable()
export class ClusterConnections {
  constructor(private readonly vault: CredentialVault) {}

  seal(clusterId: string, credentials: ClusterCredentials): SealedColumns {
    const sealed = this.vault.seal('cluster', clusterId, credentials);
    return { credentialsKeyId: sealed.keyId, credentialsCiphertext: sealed.ciphertext };
  }

  credentialsOf(cluster: ClusterEntity): ClusterCredentials {
    return this.vault.open('cluster', cluster.id, { keyId: cluster.credentialsKeyId, ciphertext: cluster.credentialsCiphertext }) as ClusterCredentials;
  }

  /** The connection descriptor for the Kubernetes adapter (never written anywhere). */
  connectionOf(cluster: ClusterEntity): ClusterConnection {
    return {
      id: cluster.id,
      name: cluster.name,
      server: cluster.server,
      credentialsVersion: `${cluster.credentialsUpdatedAt.toISOString()}/${cluster.credentialsKeyId}`,
      tls: {
        caData: cluster.tlsCaData ?? undefined,
        serverName: cluster.tlsServerName ?? undefined,
        insecureSkipTLSVerify: cluster.tlsInsecureSkipVerify || undefined,
      },
      credentials: this.credentialsOf(cluster),
    };
  }
}
