import { Injectable, Logger } from '@nestjs/common';
import { CredentialDecryptError } from '../crypto';
import { ClusterRepository } from '../repositories/cluster.repository';
import { GitRemoteRepository } from '../repositories/git-remote.repository';
import { CredentialVault, type SealedCredential, type SealedCredentialKind } from '../secrets/credential-vault';

export interface ReencryptionCounts {
  reencrypted: number;
  alreadyCurrent: number;
  /** Rows no key in FLOTILLA_ENCRYPTION_KEY opens: their credentials must be registered again. */
  unreadable: number;
}

export interface ReencryptionReport extends ReencryptionCounts {
  byKind: { clusters: ReencryptionCounts; repositories: ReencryptionCounts };
}

interface SealedRow {
  id: string;
  sealed: SealedCredential;
}

/**
 * After a new key is put first in FLOTILLA_ENCRYPTION_KEY, re-seals every credential still sealed with an older
 * key — cluster and Git repository credentials alike — so the old key can then be removed.
 */
@Injectable()
export class CredentialRotationService {
  private readonly logger = new Logger('CredentialRotation');

  constructor(
    private readonly clusters: ClusterRepository,
    private readonly remotes: GitRemoteRepository,
    private readonly vault: CredentialVault,
  ) {}

  async reencryptAll(): Promise<ReencryptionReport> {
    const clusterRows = (await this.clusters.listAll()).map((row) => ({ id: row.id, sealed: { keyId: row.credentialsKeyId, ciphertext: row.credentialsCiphertext } }));
    const clusters = await this.reencrypt('cluster', clusterRows, (id, from, to) =>
      this.clusters.updateSecret(id, from, { credentialsKeyId: to.keyId, credentialsCiphertext: to.ciphertext }),
    );
    const remoteRows = (await this.remotes.listSealed()).flatMap((row) =>
      row.credentialsKeyId && row.credentialsCiphertext ? [{ id: row.id, sealed: { keyId: row.credentialsKeyId, ciphertext: row.credentialsCiphertext } }] : [],
    );
    const repositories = await this.reencrypt('repository', remoteRows, (id, from, to) =>
      this.remotes.updateSecret(id, from, { credentialsKeyId: to.keyId, credentialsCiphertext: to.ciphertext }),
    );
    const report: ReencryptionReport = {
      reencrypted: clusters.reencrypted + repositories.reencrypted,
      alreadyCurrent: clusters.alreadyCurrent + repositories.alreadyCurrent,
      unreadable: clusters.unreadable + repositories.unreadable,
      byKind: { clusters, repositories },
    };
    this.logger.log({ report }, `Re-encrypted ${report.reencrypted} credential(s) under key "${this.vault.activeKeyId}"`);
    return report;
  }

  private async reencrypt(
    kind: SealedCredentialKind,
    rows: SealedRow[],
    store: (id: string, expectedKeyId: string, sealed: SealedCredential) => Promise<void>,
  ): Promise<ReencryptionCounts> {
    const counts: ReencryptionCounts = { reencrypted: 0, alreadyCurrent: 0, unreadable: 0 };
    for (const row of rows) {
      let resealed: SealedCredential | undefined;
      try {
        resealed = this.vault.reseal(kind, row.id, row.sealed);
      } catch (error) {
        if (!(error instanceof CredentialDecryptError)) throw error;
        // One unreadable row (its key already removed) must not stop the others from moving to the new key.
        counts.unreadable++;
        this.logger.warn(`Cannot re-encrypt ${kind} ${row.id}: ${error.message}`);
        continue;
      }
      if (!resealed) {
        counts.alreadyCurrent++;
        continue;
      }
      await store(row.id, row.sealed.keyId, resealed);
      counts.reencrypted++;
    }
    return counts;
  }
}
