/** The CLI's exit codes, documented in README.md ("CLI"); scripts branch on them, so they never change meaning. */
export const EXIT = {
  ok: 0,
  /** The hub refused or failed the request, it could not be reached, or a local file was unusable. */
  failure: 1,
  /** The command line itself is wrong (unknown option, missing argument, bad value); nothing was sent. */
  usage: 2,
  /** A sync ran and failed, or `--wait` timed out before the application was Synced and Healthy. */
  syncFailed: 3,
  /**
   * `app diff` found live objects that differ from Git. Argo CD's `app diff` says so with 1, which here already means
   * "the request failed", so a difference has a code of its own: a script can tell drift from a broken check.
   */
  differences: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A failure the CLI reports as one line on stderr and turns into an exit code; never a stack trace. */
export class CliError extends Error {
  override readonly name = 'CliError';

  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.failure,
  ) {
    super(message);
  }
}
