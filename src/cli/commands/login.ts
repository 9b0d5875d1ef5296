import * as fs from 'node:fs';
import type { Command } from 'commander';
import { HubClient } from '../client';
import { normalizeServer, saveConfig } from '../config';
import { contextOf } from '../context';
import { CliError, EXIT } from '../exit-codes';
import { printFields } from '../output';
import { signInWithProvider, type SsoSettings } from '../sso-sign-in';

interface Account {
  name: string;
  kind: string;
}

/** The token is read from a file (or FLOTILLA_TOKEN), never from an argument: arguments end up in shell history and `ps`. */
export function registerLogin(program: Command): void {
  program
    .command('login')
    .description('Check a token against the hub and store both in the config file (mode 0600)')
    .option('--server <url>', 'the hub URL (default: $FLOTILLA_SERVER)')
    .option('--token-file <file>', 'a file holding the API token (default: $FLOTILLA_TOKEN)')
    .option('--sso', "sign in through the hub's identity provider in a browser (a session token is stored)")
    .option('--callback-port <port>', 'with --sso: the 127.0.0.1 port the provider redirects to (default: any free port)', parsePort, 0)
    .action(async (options: LoginOptions, command: Command) => {
      const context = contextOf(command);
      const serverText = options.server ?? process.env.FLOTILLA_SERVER;
      if (!serverText) throw new CliError('login: --server URL (or FLOTILLA_SERVER) is required', EXIT.usage);
      const server = normalizeServer(serverText);
      const token = options.sso ? await sessionToken(server, options.callbackPort, (line) => context.notice(line)) : tokenGiven(options.tokenFile);
      const config = { server, token };
      const account = await new HubClient(config).get<Account>('/api/v1/account');
      const file = saveConfig(config);
      context.notice(`Logged in to ${config.server} as ${account.name}; saved to ${file}`);
      printFields(context, [['NAME', account.name], ['KIND', account.kind]], account);
    });

  program
    .command('whoami')
    .description('Who the stored (or FLOTILLA_*) credentials are')
    .action(async (_options: unknown, command: Command) => {
      const context = contextOf(command);
      const account = await context.client().get<Account>('/api/v1/account');
      printFields(context, [['NAME', account.name], ['KIND', account.kind]], account);
    });
}

interface LoginOptions {
  server?: string;
  tokenFile?: string;
  sso?: boolean;
  callbackPort: number;
}

const SIGN_IN_TIMEOUT_MS = 5 * 60_000;

function tokenGiven(tokenFile: string | undefined): string {
  const token = tokenFile ? readToken(tokenFile) : process.env.FLOTILLA_TOKEN;
  if (!token) throw new CliError('login: --token-file FILE, FLOTILLA_TOKEN or --sso is required', EXIT.usage);
  return token;
}

/** Single sign-on: the provider signs the person in (in a browser); the hub trades the ID token for a session token. */
async function sessionToken(server: string, port: number, notice: (line: string) => void): Promise<string> {
  const hub = new HubClient({ server, token: '' });
  const settings = await hub.get<SsoSettings>('/auth/config');
  const idToken = await signInWithProvider(settings, {
    port,
    timeoutMs: SIGN_IN_TIMEOUT_MS,
    announce: (url) => notice(`Open this address in a browser to sign in:\n  ${url}`),
  });
  return (await hub.send<{ token: string }>('POST', '/auth/token', { idToken })).token;
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new CliError(`--callback-port: "${text}" is not a port`, EXIT.usage);
  return port;
}

function readToken(file: string): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`--token-file: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const token = text.trim();
  if (token === '') throw new CliError(`--token-file: ${file} is empty`);
  return token;
}
