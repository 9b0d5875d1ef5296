import { execFile } from 'node:child_process';

export interface BoundedExecOptions {
  readonly cwd?: string;
  readonly env: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  /** Applies to stdout and to stderr; the process is killed when either grows past it. */
  readonly maxOutputBytes: number;
}

export type ExecFailureReason = 'NotFound' | 'Timeout' | 'TooLarge' | 'ExitCode';

export class ExecFailure extends Error {
  override readonly name = 'ExecFailure';

  constructor(
    readonly reason: ExecFailureReason,
    readonly stderr: string,
    options?: { cause?: unknown },
  ) {
    super(`${reason}: ${stderr}`, options);
  }
}

/** Runs a tool with a hard deadline (SIGKILL) and bounded output; never through a shell. */
export function boundedExec(file: string, args: readonly string[], options: BoundedExecOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      {
        cwd: options.cwd,
        env: options.env,
        timeout: options.timeoutMs,
        maxBuffer: options.maxOutputBytes,
        killSignal: 'SIGKILL',
        encoding: 'utf8',
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'EACCES') return reject(new ExecFailure('NotFound', `${file}: ${code}`, { cause: error }));
        if (code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return reject(new ExecFailure('TooLarge', stderr, { cause: error }));
        if (error.killed) return reject(new ExecFailure('Timeout', stderr, { cause: error }));
        reject(new ExecFailure('ExitCode', stderr, { cause: error }));
      },
    );
  });
}
