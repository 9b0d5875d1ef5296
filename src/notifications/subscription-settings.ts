import { Injectable } from '@nestjs/common';
import type { SubscriptionRow } from '../repositories/notification-subscription.repository';
import { CredentialVault } from '../secrets/credential-vault';
import type { DestinationSettings } from './destinations';
import type { SubscriptionRequest } from './subscription.schemas';

type Destination = SubscriptionRequest['destination'];

/**
 * Splits a destination into what may be shown and what is sealed (the signing secret, header values, a Slack
 * URL, a token), and opens it again for a delivery. The only code that sees a subscription's secrets.
 */
@Injectable()
export class SubscriptionSettings {
  constructor(private readonly vault: CredentialVault) {}

  seal(id: string, destination: Destination): { shown: Record<string, unknown>; keyId: string; ciphertext: string } {
    const { shown, sealed } = split(destination);
    const box = this.vault.seal('notification-subscription', id, sealed);
    return { shown, keyId: box.keyId, ciphertext: box.ciphertext };
  }

  open(row: SubscriptionRow): DestinationSettings {
    const sealed = row.secretKeyId && row.secretCiphertext ? (this.vault.open('notification-subscription', row.id, { keyId: row.secretKeyId, ciphertext: row.secretCiphertext }) as Record<string, unknown>) : {};
    return { shown: row.destination, sealed };
  }
}

function split(destination: Destination): DestinationSettings {
  switch (destination.type) {
    case 'webhook':
      return { shown: { type: 'webhook', url: destination.url, headerNames: Object.keys(destination.headers ?? {}) }, sealed: { secret: destination.secret, headers: destination.headers ?? {} } };
    case 'slack':
      return { shown: { type: 'slack' }, sealed: { url: destination.url } };
    case 'github-status':
      return { shown: { type: 'github-status', apiBaseUrl: destination.apiBaseUrl ?? 'https://api.github.com', context: destination.context ?? 'flotilla' }, sealed: { token: destination.token } };
  }
}
