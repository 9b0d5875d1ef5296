import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GitError } from './git-error';
import type { RepoLocation } from './repo-url';

/** HTTPS basic auth (a token goes in `password`) or an SSH deploy key with the host keys to trust. */
export type GitCredentials =
  | { readonly kind: 'https'; readonly username: string; readonly password: string }
  | { readonly kind: 'ssh'; readonly privateKey: string; readonly knownHosts: string };

/** What one git invocation needs to authenticate; `dispose` removes every file it wrote. */
export interface CredentialSession {
  readonly env: Readonly<Record<string, string>>;
  readonly config: readonly string[];
  /** Strings to scrub from any message before it leaves the adapter. */
  readonly secrets: readonly string[];
  dispose(): Promise<void>;
}

// The script holds no secret: git runs it with the session's environment, which does. It answers only
// prompts naming the repository's own host, so a redirect to another host never receives the token.
const ASKPASS_SCRIPT = `#!/bin/sh
case "$1" in
  *"://$FLOTILLA_GIT_HOST'"*|*"@$FLOTILLA_GIT_HOST'"*) ;;
  *) exit 1 ;;
esac
case "$1" in
  Username*) printf '%s\\n' "$FLOTILLA_GIT_USERNAME" ;;
  Password*) printf '%s\\n' "$FLOTILLA_GIT_PASSWORD" ;;
  *) exit 1 ;;
esac
`;

// No credential helper may answer or store anything, and redirects (possibly to another host) are refused.
const HTTPS_CONFIG = ['credential.helper=', 'http.followRedirects=false'];

const NO_SESSION: CredentialSession = { env: {}, config: [], secrets: [], dispose: async () => undefined };

/** Prepares the environment for one git call against `location`; the caller must always dispose it. */
export async function openCredentialSession(
  location: RepoLocation,
  credentials: GitCredentials | undefined,
  tmpRoot: string,
): Promise<CredentialSession> {
  if (location.kind === 'local') return NO_SESSION;
  if (credentials !== undefined && credentials.kind !== location.kind) {
    throw new GitError('Failed', `${credentials.kind} credentials cannot be used with a ${location.kind} repository URL`);
  }
  if (location.kind === 'https') {
    if (credentials?.kind !== 'https') return { ...NO_SESSION, config: HTTPS_CONFIG };
    if (!location.fetchUrl.toLowerCase().startsWith('https://')) {
      throw new GitError('Failed', 'credentials are only sent over https, not plain http');
    }
    return withTempDir(tmpRoot, async (dir) => {
      const script = path.join(dir, 'askpass.sh');
      await writeFile(script, ASKPASS_SCRIPT, { mode: 0o700 });
      const env = {
        GIT_ASKPASS: script,
        FLOTILLA_GIT_HOST: location.host ?? '',
        FLOTILLA_GIT_USERNAME: credentials.username,
        FLOTILLA_GIT_PASSWORD: credentials.password,
      };
      return { env, config: HTTPS_CONFIG, secrets: [credentials.password] };
    });
  }
  if (credentials?.kind !== 'ssh') return { ...NO_SESSION, env: { GIT_SSH_COMMAND: sshCommand(undefined) } };
  return withTempDir(tmpRoot, async (dir) => {
    const keyFile = path.join(dir, 'id');
    const knownHostsFile = path.join(dir, 'known_hosts');
    // OpenSSH rejects a key file without a trailing newline and one readable by others.
    await writeFile(keyFile, credentials.privateKey.endsWith('\n') ? credentials.privateKey : `${credentials.privateKey}\n`, { mode: 0o600 });
    await writeFile(knownHostsFile, credentials.knownHosts, { mode: 0o600 });
    await chmod(keyFile, 0o600);
    return { env: { GIT_SSH_COMMAND: sshCommand({ keyFile, knownHostsFile }) }, config: [], secrets: [credentials.privateKey] };
  });
}

/** Host keys are always checked; `-F /dev/null` keeps a user ssh config (ProxyCommand, other keys) out. */
function sshCommand(files: { keyFile: string; knownHostsFile: string } | undefined): string {
  const parts = ['ssh', '-F', '/dev/null', '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes'];
  if (files) {
    parts.push('-i', shellQuote(files.keyFile), '-o', 'IdentitiesOnly=yes', '-o', `UserKnownHostsFile=${shellQuote(files.knownHostsFile)}`);
  }
  return parts.join(' ');
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

async function withTempDir(
  tmpRoot: string,
  build: (dir: string) => Promise<Omit<CredentialSession, 'dispose'>>,
): Promise<CredentialSession> {
  const dir = await mkdtemp(path.join(tmpRoot, 'flotilla-git-cred-'));
  const dispose = () => rm(dir, { recursive: true, force: true });
  try {
    await chmod(dir, 0o700);
    return { ...(await build(dir)), dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
