import { simpleGit, type SimpleGit } from 'simple-git';
import { GitError, classifyGitFailure } from './git-error';
import type { CredentialSession } from './git-credentials';
import type { GitRequestRecorder } from '../metrics/recorders';

export interface GitRunOptions {
  readonly cwd: string;
  readonly timeoutMs: number;
  /** stdout beyond this many bytes kills the process with a TooLarge error. */
  readonly maxOutputBytes: number;
  readonly session?: CredentialSession;
  readonly config?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}

const EMPTY_CHUNK = Buffer.alloc(0);

// The only ambient variables git inherits: anything else (GIT_DIR, EDITOR, GIT_CONFIG_*, ...) could point
// it at another repository, config or program than the ones this adapter chose.
const INHERITED_ENV = [
  'PATH', 'HOME', 'TMPDIR', 'LANG', 'SSL_CERT_FILE', 'SSL_CERT_DIR', 'GIT_SSL_CAINFO', 'GIT_SSL_CAPATH',
  'HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy',
];

/**
 * The one place that starts git (through simple-git). Every call gets a hard deadline (the process is
 * killed, not merely abandoned), a stdout bound, a scrubbed environment, and errors sorted into kinds
 * with credentials redacted.
 */
export class GitRunner {
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly binary = 'git',
    private readonly recorder?: GitRequestRecorder,
  ) {}

  /** How many times each git subcommand ran: lets callers (and tests) see fetch and ls-remote traffic. */
  count(subcommand: string): number {
    return this.counts.get(subcommand) ?? 0;
  }

  async text(args: readonly string[], options: GitRunOptions): Promise<string> {
    return this.run(args, options, (git) => git.raw([...args]));
  }

  /** `git show <args>` with raw bytes: blob contents must not go through a string decode. */
  async showBuffer(args: readonly string[], options: GitRunOptions): Promise<Buffer> {
    return this.run(['show', ...args], options, (git) => git.showBuffer([...args]));
  }

  private async run<T>(args: readonly string[], options: GitRunOptions, call: (git: SimpleGit) => Promise<T>): Promise<T> {
    const subcommand = args[0] ?? '';
    this.counts.set(subcommand, this.count(subcommand) + 1);
    try {
      const result = await this.runOnce(subcommand, options, call);
      this.recorder?.gitRequest(subcommand, 'success');
      return result;
    } catch (error) {
      // The error kind (Timeout, AuthFailed, …) is a closed set; the message never becomes a label.
      this.recorder?.gitRequest(subcommand, error instanceof GitError ? error.kind : 'Failed');
      throw error;
    }
  }

  private async runOnce<T>(subcommand: string, options: GitRunOptions, call: (git: SimpleGit) => Promise<T>): Promise<T> {
    const secrets = options.session?.secrets ?? [];
    // simple-git's debug output prints the spawn environment, which is where the credentials travel.
    if (secrets.length > 0 && /simple-git|^\*$|,\*/.test(process.env.DEBUG ?? '')) {
      throw new GitError('Failed', `refusing to run git ${subcommand} with credentials while DEBUG would log them`);
    }
    // The deadline is real time on purpose: it bounds a child process, which a test clock could not stop.
    const deadline = AbortSignal.timeout(options.timeoutMs);
    const tooLargeController = new AbortController();
    let tooLarge = false;
    try {
      const git = this.client(options, AbortSignal.any([deadline, tooLargeController.signal]));
      git.outputHandler((_command, stdout) => {
        // simple-git 3.36's completion plugin sleeps 50 ms more after a git that printed nothing (waiting for output
        // that might still come), though 'close' already means every stream has ended. Silent commands (init, cat-file
        // -e, fetch and checkout --quiet) made a first render wait a quarter of a second for nothing. An empty chunk,
        // sent once the plugin listens (it subscribes right after this handler, in the same tick), says not to wait.
        process.nextTick(() => stdout.emit('data', EMPTY_CHUNK));
        let size = 0;
        stdout.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxOutputBytes && !tooLarge) {
            tooLarge = true;
            tooLargeController.abort();
          }
        });
      });
      return await call(git);
    } catch (error) {
      if (deadline.aborted) throw new GitError('Timeout', `git ${subcommand} timed out after ${options.timeoutMs} ms`);
      if (tooLarge) throw new GitError('TooLarge', `git ${subcommand} output exceeded ${options.maxOutputBytes} bytes`);
      if (error instanceof GitError) throw error;
      throw classifyGitFailure(subcommand, error instanceof Error ? error.message : String(error), secrets, error);
    }
  }

  private client(options: GitRunOptions, signal: AbortSignal): SimpleGit {
    const config = [...(options.session?.config ?? []), ...(options.config ?? [])];
    return simpleGit({
      baseDir: options.cwd,
      binary: this.binary,
      abort: signal,
      config,
      trimmed: false,
      maxConcurrentProcesses: 1,
      // simple-git treats a non-zero exit with empty stderr as success (`rev-parse --quiet`, `cat-file -e`).
      errors: (error, result) => error ?? (result.exitCode === 0 ? undefined : Buffer.from(`exit code ${result.exitCode}`)),
      // Every argument, URL and variable is built by this adapter from validated input; these flags let
      // the askpass script, the ssh command, the credential-helper reset and a mirror's empty `--template=`
      // through simple-git's guard.
      unsafe: { allowUnsafeAskPass: true, allowUnsafeSshCommand: true, allowUnsafeCredentialHelper: true, allowUnsafeTemplateDir: true },
    }).env(gitEnvironment({ ...options.env, ...options.session?.env }));
  }
}

function gitEnvironment(extra: Readonly<Record<string, string>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of INHERITED_ENV) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  // Stable English messages for classification; never wait for a human to type a password.
  return { ...env, LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0', GCM_INTERACTIVE: 'never', GIT_LITERAL_PATHSPECS: '1', ...extra };
}
