import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startOidcProvider, type TestOidcProvider } from '../support/oidc-provider';
import { freePort, startTestHub, type TestHub } from '../support/test-hub';
import { chromiumMissing, launchChromium, type TestBrowser } from './chromium';

const CLIENT_SECRET = 'dashboard-test-client-secret';
const ALICE = { sub: 'alice', email: 'alice@corp.test', preferred_username: 'alice', groups: ['dev'] };

/**
 * Single sign-on from the dashboard in Chromium: a real OpenID Connect provider (its development sign-in pages), the
 * hub's authorization-code flow and session cookie; signing out is a cookie-authenticated POST the hub accepts only
 * with its own Origin, which the browser sends.
 */
describe.skipIf(chromiumMissing)(`the dashboard's single sign-on in Chromium${chromiumMissing ? ` (skipped: ${chromiumMissing})` : ''}`, () => {
  let provider: TestOidcProvider;
  let hub: TestHub;
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    const port = await freePort();
    const hubUrl = `http://127.0.0.1:${port}`;
    provider = await startOidcProvider({ clients: [{ clientId: 'flotilla', clientSecret: CLIENT_SECRET, redirectUris: [`${hubUrl}/auth/callback`] }], accounts: [ALICE] });
    hub = await startTestHub({
      port,
      env: { PUBLIC_URL: hubUrl, OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: 'flotilla', OIDC_CLIENT_SECRET: CLIENT_SECRET, RBAC_POLICY_CSV: 'g, dev, role:operator' },
    });
    browser = await launchChromium();
    page = await browser.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([hub?.close(), provider?.stop()]);
  });

  it('offers single sign-on next to the token field, signs in at the provider and comes back signed in', async () => {
    await page.goto(hub.url);
    const sso = page.getByRole('link', { name: 'Sign in with SSO' });
    expect(await sso.getAttribute('href')).toBe('/auth/login?returnTo=%2F');
    await page.getByLabel('API token').waitFor();
    await sso.click();
    await page.locator('input[name="login"]').fill('alice');
    await page.locator('input[name="password"]').fill('any');
    await page.locator('button[type="submit"]').click();
    // The provider's consent page, then back to the hub.
    await page.waitForURL((url) => url.origin === hub.url || url.pathname.includes('interaction'));
    if (new URL(page.url()).origin !== hub.url) await page.locator('button[type="submit"]').click();
    await page.getByText('Signed in as alice').waitFor();
    await page.getByRole('link', { name: 'Clusters' }).click();
    await page.getByRole('table', { name: 'Clusters' }).waitFor();
    await browser.screenshot(page, '0-sso-signed-in');
  });

  it('signs out with the session cookie (a POST with the hub\'s Origin) and is asked to sign in again', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate(async () => (await fetch('/api/v1/account')).status)).toBe(401);
  });
});
