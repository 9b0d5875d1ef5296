import type { Clock } from '../clock/clock';
import type { HubClient } from './client';
import { encode } from './context';
import { CliError, EXIT } from './exit-codes';

export interface ApplicationStatus {
  sync: { status: string; revision?: string };
  health: { status: string; message?: string };
  operationState?: { phase: string; message: string; syncRunId: string; revision: string };
  conditions?: { type: string; message: string }[];
}

export interface WaitOptions {
  timeoutMs: number;
  pollMs: number;
  clock: Clock;
  /** Rewrites one line on a terminal; prints a line per change otherwise (CI logs). */
  progress: (line: string, final: boolean) => void;
}

/**
 * Polls until the application is Synced and Healthy (success), or its sync failed, or the timeout: the two failures
 * are exit code 3, so a pipeline can tell "the deploy failed" from "the CLI could not ask" (1).
 */
export async function waitUntilSyncedAndHealthy(client: HubClient, name: string, options: WaitOptions): Promise<ApplicationStatus> {
  const now = () => options.clock.now().getTime();
  const deadline = now() + options.timeoutMs;
  for (;;) {
    const { status } = await client.get<{ status: ApplicationStatus }>(`/api/v1/applications/${encode(name)}`);
    const line = progressLine(name, status);
    const phase = status.operationState?.phase;
    if (phase === 'Failed' || phase === 'Error') {
      options.progress(line, true);
      throw new CliError(`application/${name}: sync ${phase}: ${status.operationState?.message ?? ''}`.trim(), EXIT.syncFailed);
    }
    if (status.sync.status === 'Synced' && status.health.status === 'Healthy' && phase !== 'Running') {
      options.progress(line, true);
      return status;
    }
    if (now() >= deadline) {
      options.progress(line, true);
      throw new CliError(`application/${name}: not Synced and Healthy within ${Math.round(options.timeoutMs / 1000)}s (${status.sync.status}, ${status.health.status})`, EXIT.syncFailed);
    }
    options.progress(line, false);
    await options.clock.sleep(Math.min(options.pollMs, Math.max(0, deadline - now())));
  }
}

export function progressLine(name: string, status: ApplicationStatus): string {
  const operation = status.operationState ? ` operation=${status.operationState.phase}` : '';
  const health = status.health.message ? ` (${status.health.message})` : '';
  return `application/${name}: sync=${status.sync.status} health=${status.health.status}${health}${operation}`;
}

/** stderr progress: one rewritten line on a terminal, else one line each time it changes. */
export function progressWriter(stream: NodeJS.WriteStream = process.stderr): WaitOptions['progress'] {
  let last = '';
  return (line, final) => {
    if (stream.isTTY) {
      stream.write(`\r\u001b[2K${line}${final ? '\n' : ''}`);
    } else if (line !== last) {
      stream.write(`${line}\n`);
    }
    last = line;
  };
}
