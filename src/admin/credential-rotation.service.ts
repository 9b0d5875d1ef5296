import { Injectable, Logger } from '@nestjs/common';
import { CredentialDecryptError } from '../crypto';
import { ClusterRepository } from '../repositories/cluster.repository';
import { GeneratorPluginRepository } from '../repositories/generator-plugin.repository';
import { GitRemoteRepository } from '../repositories/git-remote.repository';
import { NotificationSubscriptionRepository } from '../repositories/notification-subscription.repository';
import { CredentialVault, type SealedCredential, type SealedCredentialKind } from '../secrets/credential-vault';

export interface ReencryptionCounts {
  reencrypted: number;
  alreadyCurrent: number;
  /** Rows no key in FLOTILLA_ENCRYPTION_KEY opens: their credentials must be registered again. */
  unreadable: number;
}

export interface ReencryptionReport extends ReencryptionCounts {
  byKind: { clusters: ReencryptionCounts; repositories: ReencryptionCounts; generatorPlugins: ReencryptionCounts; notificationSubscriptions: ReencryptionCounts };
}

interface SealedRow {
  id: string;
  sealed: SealedCredential;
}

/**
 * After a new key is put first in FLOTILLA_ENCRYPTION_KEY, re-seals every credential still sealed with an older
 * key — cluster and Git repository credentials, generator plugin tokens and notification secrets alike — so the old
 * key can then be removed.
 */
@Injectable()
export class CredentialRotationService {
  private readonly logger = new Logger('CredentialRotation');

  constructor(
    private readonly clusters: ClusterRepository,
    private readonly remotes: GitRemoteRepository,
    private readonly plugins: GeneratorPluginRepository,
    private readonly subscriptions: NotificationSubscriptionRepository,
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
    const pluginRows = (await this.plugins.list()).map((row) => ({ id: row.id, sealed: { keyId: row.tokenKeyId, ciphertext: row.tokenCiphertext } }));
    const generatorPlugins = await this.reencrypt('generator-plugin', pluginRows, (id, from, to) =>
      this.plugins.updateSecret(id, from, { tokenKeyId: to.keyId, tokenCiphertext: to.ciphertext }),
    );
    const subscriptionRows = (await this.subscriptions.list()).flatMap((row) =>
      row.secretKeyId && row.secretCiphertext ? [{ id: row.id, sealed: { keyId: row.secretKeyId, ciphertext: row.secretCiphertext } }] : [],
    );
    const notificationSubscriptions = await this.reencrypt('notification-subscription', subscriptionRows, (id, from, to) =>
      this.subscriptions.updateSecret(id, from, { secretKeyId: to.keyId, secretCiphertext: to.ciphertext }),
    );
    const kinds = [clusters, repositories, generatorPlugins, notificationSubscriptions];
    const total = (field: keyof ReencryptionCounts) => kinds.reduce((sum, counts) => sum + counts[field], 0);
    const report: ReencryptionReport = {
      reencrypted: total('reencrypted'),
      alreadyCurrent: total('alreadyCurrent'),
      unreadable: total('unreadable'),
      byKind: { clusters, repositories, generatorPlugins, notificationSubscriptions },
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
