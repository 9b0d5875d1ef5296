import type { ProviderAuth } from './provider-adapter';

/** `Basic base64(user:password)`, as RFC 7617 and every provider here reads it. */
export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

/** A token as `Bearer`, a username and password as `Basic` (Bitbucket Server and Cloud accept both). */
export function bearerOrBasic(auth: ProviderAuth): string {
  return auth.type === 'token' ? `Bearer ${auth.token}` : basicAuthorization(auth.username, auth.password);
}
