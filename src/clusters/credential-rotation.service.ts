import { Injectable, Logger } from '@nestjs/common';
import { ClusterCredentialsVault } from './cluster-credentials.vault';
import { ClusterRepository } from './cluster.repository';

/**
 * After a new key is put first in FLOTILLA_ENCRYPTION_KEY, re-seals every row still sealed with an older key,
 * so the old key can then be removed.
 */
@Injectable()
export class CredentialRotationService {
  private readonly logger = new Logger('CredentialRotation');

  constructor(
    private readonly clusters: ClusterRepository,
    private readonly vault: ClusterCredentialsVault,
  ) {}

  async reencryptAll(): Promise<{ reencrypted: number; alreadyCurrent: number }> {
    let reencrypted = 0;
    let alreadyCurrent = 0;
    for (const cluster of await this.clusters.listAll()) {
      const resealed = this.vault.reseal(cluster);
      if (!resealed) {
        alreadyCurrent++;
        continue;
      }
      await this.clusters.updateSecret(cluster.id, cluster.credentialsKeyId, resealed);
      reencrypted++;
    }
    this.logger.log(`Re-encrypted ${reencrypted} cluster credentials (${alreadyCurrent} already current)`);
    return { reencrypted, alreadyCurrent };
  }
}
