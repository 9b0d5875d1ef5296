import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { Clock } from '../clock/clock';
import { CredentialVault } from '../secrets/credential-vault';
import type { LoginChecks } from './oidc-client';
import { SignInRefusal } from './sign-in-refusal';

/** Long enough to type a password and answer a second factor; short enough that a stolen cookie is soon useless. */
export const PENDING_LOGIN_TTL_MS = 10 * 60 * 1000;
const OWNER = 'browser';

const pendingSchema = z.object({
  codeVerifier: z.string().min(43),
  state: z.string().min(1),
  nonce: z.string().min(1),
  returnTo: z.string(),
  expiresAt: z.number(),
});

export type PendingLogin = LoginChecks & { returnTo: string };

/**
 * A browser sign-in between /auth/login and /auth/callback, kept in a cookie sealed with the hub's credential key
 * (AES-GCM, the key every replica shares): any replica can finish it, nothing is written for an anonymous request,
 * the PKCE verifier stays unreadable to the browser, and the sign-in is bound to the browser that started it.
 */
@Injectable()
export class PendingLogins {
  constructor(
    private readonly vault: CredentialVault,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  seal(login: PendingLogin): string {
    const sealed = this.vault.seal('sso-login', OWNER, { ...login, expiresAt: this.clock.now().getTime() + PENDING_LOGIN_TTL_MS });
    return Buffer.from(JSON.stringify([sealed.keyId, sealed.ciphertext]), 'utf8').toString('base64url');
  }

  /** The pending sign-in of this cookie; 400 when it is missing, forged, from another key, or older than 10 minutes. */
  open(cookie: string | undefined): PendingLogin {
    if (!cookie) throw expired('no sign-in was started in this browser');
    let login: z.infer<typeof pendingSchema>;
    try {
      const [keyId, ciphertext] = z.tuple([z.string(), z.string()]).parse(JSON.parse(Buffer.from(cookie, 'base64url').toString('utf8')));
      login = pendingSchema.parse(this.vault.open('sso-login', OWNER, { keyId, ciphertext }));
    } catch {
      throw expired('the sign-in cookie is not one this hub sealed');
    }
    if (login.expiresAt <= this.clock.now().getTime()) throw expired('the sign-in took longer than 10 minutes');
    return { codeVerifier: login.codeVerifier, state: login.state, nonce: login.nonce, returnTo: login.returnTo };
  }
}

function expired(reason: string): SignInRefusal {
  return new SignInRefusal('no-pending-sign-in', 'ValidationFailed', `This sign-in cannot be finished (${reason}); start again at /auth/login`, [{ field: 'cookie', reason }]);
}
