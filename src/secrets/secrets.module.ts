import * as path from 'node:path';
import { Global, Logger, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { buildKeyring, CredentialCipher, keyringOf, loadOrCreateKeyFile, type Keyring } from '../crypto';
import { CredentialVault } from './credential-vault';

/**
 * The credential vault every module shares (clusters and Git repositories). Keys come from
 * FLOTILLA_ENCRYPTION_KEY, or for the embedded default from a key generated once into the data dir.
 */
async function loadKeyring(config: AppConfig): Promise<Keyring> {
  if (config.encryption.keys) return buildKeyring(config.encryption.keys);
  const file = path.join(config.dataDir, 'encryption-key');
  const loaded = await loadOrCreateKeyFile(file);
  const logger = new Logger('Secrets');
  if (loaded.created) logger.log(`Generated the credential encryption key in ${file}`);
  if (loaded.readableByOthers) logger.warn(`${file} is readable by other users; restrict it to mode 0600`);
  return keyringOf([loaded.key]);
}

@Global()
@Module({
  providers: [
    {
      provide: CredentialCipher,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig) => new CredentialCipher(await loadKeyring(config)),
    },
    CredentialVault,
  ],
  exports: [CredentialVault],
})
export class SecretsModule {}
