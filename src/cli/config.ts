import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CliError, EXIT } from './exit-codes';

export interface CliConfig {
  server: string;
  token: string;
}

type Env = Record<string, string | undefined>;

/** XDG: `$XDG_CONFIG_HOME/flotilla/config.json`, else `~/.config/flotilla/config.json`. */
export function configPath(env: Env = process.env): string {
  const base = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(env.HOME ?? os.homedir(), '.config');
  return path.join(base, 'flotilla', 'config.json');
}

/**
 * The environment wins over the file, so CI can run without `login` and a shell can point at another hub. The saved
 * token goes only to the hub it was saved for: pointing FLOTILLA_SERVER elsewhere needs that hub's FLOTILLA_TOKEN.
 */
export function resolveConfig(env: Env = process.env): CliConfig {
  const stored = readStored(configPath(env));
  const serverText = env.FLOTILLA_SERVER ?? stored?.server;
  if (!serverText) throw notLoggedIn();
  const server = normalizeServer(serverText, env);
  if (env.FLOTILLA_TOKEN) return { server, token: env.FLOTILLA_TOKEN };
  if (!stored?.token || !stored.server) throw notLoggedIn();
  if (normalizeServer(stored.server, env) !== server) {
    throw new CliError(`the saved token is for ${normalizeServer(stored.server, env)}, not ${server}: set FLOTILLA_TOKEN, or run \`flotilla login --server ${server}\``, EXIT.usage);
  }
  return { server, token: stored.token };
}

function notLoggedIn(): CliError {
  return new CliError('not logged in: run `flotilla login --server URL --token-file FILE` or set FLOTILLA_SERVER and FLOTILLA_TOKEN', EXIT.usage);
}

/** The token is a credential: the file is created 0600 (and its folder 0700) before anything is written to it. */
export function saveConfig(config: CliConfig, env: Env = process.env): string {
  const file = configPath(env);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const fd = fs.openSync(file, 'w', 0o600);
  try {
    // openSync's mode applies only to a new file: an older, looser one is tightened too.
    fs.fchmodSync(fd, 0o600);
    fs.writeSync(fd, `${JSON.stringify(config, null, 2)}\n`);
  } finally {
    fs.closeSync(fd);
  }
  return file;
}

/**
 * The hub's URL without a trailing slash. Plain http carries the token in the clear, so it is accepted only for a
 * loopback hub unless FLOTILLA_ALLOW_PLAINTEXT=true says the network in between is trusted.
 */
export function normalizeServer(server: string, env: Env = process.env): string {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new CliError(`--server: "${server}" is not a URL (e.g. https://flotilla.internal:8080)`, EXIT.usage);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CliError('--server: must be an http or https URL', EXIT.usage);
  if (url.protocol === 'http:' && !isLoopback(url.hostname) && env.FLOTILLA_ALLOW_PLAINTEXT !== 'true') {
    throw new CliError(`--server: ${url.origin} is plain http, which would send the token unencrypted; use https, or set FLOTILLA_ALLOW_PLAINTEXT=true`, EXIT.usage);
  }
  return url.toString().replace(/\/+$/, '');
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

function readStored(file: string): Partial<CliConfig> | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as Partial<CliConfig>;
  } catch {
    throw new CliError(`${file} is not valid JSON: run \`flotilla login\` again`);
  }
}
