import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAtProvider, TestBrowser } from '../support/oidc-browser';
import { rsaSigningKey, startOidcProvider, type TestOidcProvider } from '../support/oidc-provider';
import { freePort, startTestHub, type TestHub } from '../support/test-hub';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/flotilla');
const BUILT = path.join(ROOT, 'dist/src/cli/main.js');
const CLIENT_SECRET = 'cli-sso-hub-client-secret-0123';

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `flotilla login --sso` against a real OIDC provider: the built CLI prints where to sign in, the person signs in there
 * (driven over HTTP here, as a browser would), the provider redirects to the CLI's loopback port, and the CLI stores
 * the hub session it trades the ID token for.
 */
describe('flotilla login --sso (bin/flotilla, built)', () => {
  let provider: TestOidcProvider;
  let hub: TestHub;
  let hubUrl: string;
  let callbackPort: number;
  let home: string;
  let env: NodeJS.ProcessEnv;

  /** Runs the CLI; `onStderr` sees stderr as it comes, so a test can act on a line before the process ends. */
  function flotilla(args: string[], onStderr: (text: string) => void = () => undefined): Promise<Finished> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        onStderr(stderr);
      });
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  beforeAll(async () => {
    if (!fs.existsSync(BUILT)) throw new Error(`${BUILT} is missing: run \`npx nest build\` (npm test does it in pretest) before this spec`);
    const hubPort = await freePort();
    callbackPort = await freePort();
    hubUrl = `http://127.0.0.1:${hubPort}`;
    provider = await startOidcProvider({
      clients: [
        { clientId: 'flotilla', clientSecret: CLIENT_SECRET, redirectUris: [`${hubUrl}/auth/callback`] },
        { clientId: 'flotilla-cli', redirectUris: [`http://127.0.0.1:${callbackPort}/callback`] },
      ],
      accounts: [{ sub: 'alice', email: 'alice@corp.test', preferred_username: 'alice', groups: ['dev'] }],
      signingKeys: [rsaSigningKey('cli')],
    });
    hub = await startTestHub({
      port: hubPort,
      env: {
        PUBLIC_URL: hubUrl,
        OIDC_ISSUER: provider.issuer,
        OIDC_CLIENT_ID: 'flotilla',
        OIDC_CLIENT_SECRET: CLIENT_SECRET,
        OIDC_CLI_CLIENT_ID: 'flotilla-cli',
        RBAC_POLICY_DEFAULT: 'role:readonly',
      },
    });
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'flotilla-cli-sso-'));
    env = { PATH: process.env.PATH ?? '', HOME: home, XDG_CONFIG_HOME: path.join(home, 'xdg') };
  }, 60_000);

  afterAll(async () => {
    await Promise.all([hub?.close(), provider?.stop()]);
    if (home) fs.rmSync(home, { recursive: true, force: true });
  });

  it('signs in at the provider through a loopback redirect and stores a hub session, mode 0600', async () => {
    let signedIn: Promise<void> | undefined;
    const login = await flotilla(['login', '--sso', '--server', hubUrl, '--callback-port', String(callbackPort)], (stderr) => {
      const url = /^\s+(http\S+)$/m.exec(stderr)?.[1];
      if (url && !signedIn) {
        // The person, in a browser: signs in at the provider, which sends the browser back to the CLI's port.
        signedIn = signInAtProvider(new TestBrowser(), url, 'alice').then(async (callback) => {
          expect(callback.origin).toBe(`http://127.0.0.1:${callbackPort}`);
          expect((await fetch(callback)).status).toBe(200);
        });
      }
    });
    await signedIn;
    expect(login.stderr).toContain('Open this address in a browser to sign in');
    expect(login.code, login.stderr).toBe(0);
    const file = path.join(home, 'xdg/flotilla/config.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as { server: string; token: string };
    expect(stored).toEqual({ server: hubUrl, token: expect.stringMatching(/^fls_/) });

    const whoami = await flotilla(['whoami', '-o', 'json']);
    expect(whoami.code, whoami.stderr).toBe(0);
    expect(JSON.parse(whoami.stdout)).toMatchObject({ name: 'alice', kind: 'sso', groups: ['dev'] });
    // policy.default gives an unknown person reads only: listing works, registering a cluster does not.
    expect((await flotilla(['cluster', 'list', '-o', 'json'])).code).toBe(0);
    const refused = await flotilla(['account', 'can-i', 'clusters', 'create', '*']);
    expect([refused.code, refused.stdout.trim()]).toEqual([1, 'no']);
  }, 60_000);

  it('says so when the hub has no single sign-on, without touching the stored login', async () => {
    const plain = await startTestHub();
    try {
      const before = fs.readFileSync(path.join(home, 'xdg/flotilla/config.json'), 'utf8');
      const run = await flotilla(['login', '--sso', '--server', plain.url]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('single sign-on is not enabled on this hub');
      expect(fs.readFileSync(path.join(home, 'xdg/flotilla/config.json'), 'utf8')).toBe(before);
    } finally {
      await plain.close();
    }
  }, 120_000);
});
