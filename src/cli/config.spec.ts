import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { normalizeServer, resolveConfig, saveConfig } from './config';

describe('the CLI configuration', () => {
  const homes: string[] = [];
  const home = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flotilla-cli-config-'));
    homes.push(dir);
    return { XDG_CONFIG_HOME: dir };
  };
  afterEach(() => {
    for (const dir of homes.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('sends the saved token only to the hub it was saved for', () => {
    const env = home();
    saveConfig({ server: 'https://hub-a.internal:8080', token: 'token-of-a' }, env);
    expect(resolveConfig(env)).toEqual({ server: 'https://hub-a.internal:8080', token: 'token-of-a' });
    expect(() => resolveConfig({ ...env, FLOTILLA_SERVER: 'https://hub-b.internal' })).toThrow(
      'the saved token is for https://hub-a.internal:8080, not https://hub-b.internal: set FLOTILLA_TOKEN, or run `flotilla login --server https://hub-b.internal`',
    );
    expect(resolveConfig({ ...env, FLOTILLA_SERVER: 'https://hub-b.internal', FLOTILLA_TOKEN: 'token-of-b' })).toEqual({ server: 'https://hub-b.internal', token: 'token-of-b' });
    expect(resolveConfig({ ...env, FLOTILLA_SERVER: 'https://hub-a.internal:8080/' }).token).toBe('token-of-a');
  });

  it('says how to log in when nothing is saved', () => {
    expect(() => resolveConfig(home())).toThrow(/^not logged in/);
    expect(() => resolveConfig({ ...home(), FLOTILLA_SERVER: 'https://hub.internal' })).toThrow(/^not logged in/);
  });

  it('refuses plain http to a hub off this machine unless told the network is trusted', () => {
    expect(normalizeServer('http://127.0.0.1:8080/', {})).toBe('http://127.0.0.1:8080');
    expect(normalizeServer('http://localhost:8080', {})).toBe('http://localhost:8080');
    expect(() => normalizeServer('http://hub.internal:8080', {})).toThrow(/plain http, which would send the token unencrypted/);
    expect(normalizeServer('http://hub.internal:8080', { FLOTILLA_ALLOW_PLAINTEXT: 'true' })).toBe('http://hub.internal:8080');
    expect(normalizeServer('https://hub.internal', {})).toBe('https://hub.internal');
  });
});
