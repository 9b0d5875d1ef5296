import { Injectable } from '@nestjs/common';
import { CredentialCipher } from '../crypto';
import type { ClusterConnection, ClusterCredentials } from '../kubernetes/cluster-connection';
import type { ClusterEntity } from './cluster.entity';

/** Seals and opens cluster credentials; the associated data binds each ciphertext to its row. */
@Injectable()
export class ClusterCredentialsVault {
  constructor(private readonly cipher: CredentialCipher) {}

  seal(clusterId: string, credentials: ClusterCredentials): Pick<ClusterEntity, 'credentialsKeyId' | 'credentialsCiphertext'> {
    const sealed = this.cipher.encrypt(credentials, aadFor(clusterId));
    return { credentialsKeyId: sealed.keyId, credentialsCiphertext: sealed.ciphertext };
  }

  open(cluster: ClusterEntity): ClusterCredentials {
    return this.cipher.decryptJson({ keyId: cluster.credentialsKeyId, ciphertext: cluster.credentialsCiphertext }, aadFor(cluster.id)) as ClusterCredentials;
  }

  /** Re-seals with the active key when the row was sealed with an older one; undefined when already current. */
  reseal(cluster: ClusterEntity): Pick<ClusterEntity, 'credentialsKeyId' | 'credentialsCiphertext'> | undefined {
    const secret = { keyId: cluster.credentialsKeyId, ciphertext: cluster.credentialsCiphertext };
    if (!this.cipher.needsReencryption(secret)) return undefined;
    const sealed = this.cipher.reencrypt(secret, aadFor(cluster.id));
    return { credentialsKeyId: sealed.keyId, credentialsCiphertext: sealed.ciphertext };
  }

  /** The in-memory connection descriptor for the Kubernetes adapter (never written anywhere). */
  connectionOf(cluster: ClusterEntity): ClusterConnection {
    return {
      id: cluster.id,
      server: cluster.server,
      credentialsVersion: `${cluster.credentialsUpdatedAt.toISOString()}/${cluster.credentialsKeyId}`,
      tls: {
        caData: cluster.tlsCaData ?? undefined,
        serverName: cluster.tlsServerName ?? undefined,
        insecureSkipTLSVerify: cluster.tlsInsecureSkipVerify || undefined,
      },
      credentials: this.open(cluster),
    };
  }
}

function aadFor(clusterId: string): string {
  return `cluster:${clusterId}`;
}
