import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubProcess, type HubProcess } from '../support/hub-process';
import { cliIdToken, signInAtProvider, TestBrowser } from '../support/oidc-browser';
import { startOidcProvider, type TestOidcProvider } from '../support/oidc-provider';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { freePort, randomKey } from '../support/test-hub';

const HUB_BUNDLE = path.resolve(__dirname, '../../dist/hub.js');
const CLIENT_SECRET = 'hub-client-secret-0123456789';
const CLI_REDIRECT = 'http://127.0.0.1:8085/callback';

/**
 * `npm start` runs the hub bundled into one file (scripts/bundle-hub.mjs), where the ESM-only OIDC libraries
 * (openid-client, jose) are converted to CommonJS: a browser sign-in and a CLI's ID token go through the real thing.
 */
describe.runIf(fs.existsSync(HUB_BUNDLE))('single sign-on in the bundled hub (npm start)', () => {
  let dataDir: string;
  let database: TestDatabase;
  let provider: TestOidcProvider;
  let hub: HubProcess;
  let hubUrl: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flotilla-e2e-sso-'));
    database = await createTestDatabase();
    const port = await freePort();
    hubUrl = `http://127.0.0.1:${port}`;
    provider = await startOidcProvider({
      clients: [
        { clientId: 'flotilla', clientSecret: CLIENT_SECRET, redirectUris: [`${hubUrl}/auth/callback`] },
        { clientId: 'flotilla-cli', redirectUris: [CLI_REDIRECT] },
      ],
      accounts: [{ sub: 'alice', preferred_username: 'alice', groups: ['platform'] }],
    });
    hub = await startHubProcess({
      PORT: String(port),
      FLOTILLA_DATA_DIR: dataDir,
      FLOTILLA_CONFIG_FILE: '',
      CLUSTER_CHECK_ENABLED: 'false',
      PUBLIC_URL: hubUrl,
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: 'flotilla',
      OIDC_CLIENT_SECRET: CLIENT_SECRET,
      OIDC_CLI_CLIENT_ID: 'flotilla-cli',
      ...(database.url ? { DATABASE_URL: database.url, FLOTILLA_ENCRYPTION_KEY: randomKey('e2e-sso') } : {}),
    });
  });

  afterAll(async () => {
    await hub?.stop();
    await provider?.stop();
    await database?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('signs a browser in (openid-client) and turns a CLI ID token into an API token (jose)', async () => {
    const browser = new TestBrowser();
    const started = await browser.get(`${hubUrl}/auth/login?returnTo=${encodeURIComponent('/api/v1/session')}`);
    expect(started.status).toBe(302);
    expect(new URL(started.headers.get('location')!).origin).toBe(provider.issuer);
    const finished = await browser.get(await signInAtProvider(browser, started.headers.get('location')!, 'alice'));
    expect(finished.status).toBe(302);
    const own = await browser.get(`${hubUrl}/api/v1/session`);
    expect(own.status).toBe(200);
    expect(await own.json()).toMatchObject({ name: 'alice', groups: ['platform'] });

    const idToken = await cliIdToken(provider.issuer, 'flotilla-cli', CLI_REDIRECT, 'alice');
    const exchanged = await fetch(`${hubUrl}/auth/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ idToken }) });
    expect(exchanged.status).toBe(201);
    const { token } = (await exchanged.json()) as { token: string };
    const session = await fetch(`${hubUrl}/api/v1/session`, { headers: { Authorization: `Bearer ${token}` } });
    expect(await session.json()).toMatchObject({ name: 'alice' });
  });
});
