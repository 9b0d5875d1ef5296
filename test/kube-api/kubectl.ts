import { execFile, execFileSync } from 'node:child_process';

/** Runs kubectl with a private kubeconfig and cache dir, bounded in time and output. */
export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export const KUBECTL = process.env.KUBECTL ?? 'kubectl';

/** Whether kubectl can be run here (the suite skips, saying so, when it cannot). */
export function kubectlAvailable(): boolean {
  try {
    execFileSync(KUBECTL, ['version', '--client'], { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

export function kubectl(args: string[], env: { kubeconfig: string; home: string }, timeoutMs = 15_000): Promise<KubectlResult> {
  return new Promise((resolve) => {
    execFile(
      KUBECTL,
      [`--kubeconfig=${env.kubeconfig}`, `--cache-dir=${env.home}/cache`, ...args],
      { timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: env.home } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
