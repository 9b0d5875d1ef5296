/**
 * What the hub process itself spends, phase by phase: wall time, its own CPU seconds (process.cpuUsage), the CPU
 * seconds of the programs it ran and waited for (git, kustomize: cutime + cstime of /proc/self/stat), and its peak RSS
 * (sampled every 100 ms, which costs the hub little; VmHWM for the whole run). Meaningful only when nothing else heavy runs in the process — the
 * benchmarks keep their test clusters in child processes for that. With `profileDir` set, each phase also writes a
 * V8 CPU profile of the hub (`<phase>.cpuprofile`, for Chrome DevTools or speedscope) there.
 */
import * as fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import * as path from 'node:path';

export interface PhaseUsage {
  phase: string;
  wallMs: number;
  cpuSeconds: number;
  childCpuSeconds: number;
  /** CPU seconds of every PostgreSQL process on the machine (the embedded database's, or a local server's). */
  databaseCpuSeconds: number;
  peakRssBytes: number;
  /** Database statements the hub sent in the phase, when the caller counts them. */
  statements?: number;
  /** CPU seconds of the test clusters' processes in the phase, when the caller can read them. */
  serversCpuSeconds?: number;
}

const SAMPLE_MS = 100;
const CLOCK_TICKS = 100; // USER_HZ on Linux

/** CPU seconds of reaped children (git, kustomize, kubectl): fields 16 and 17 of /proc/self/stat, in clock ticks. */
function reapedChildCpuSeconds(): number {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state); cutime is field 16, cstime field 17.
    return (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}

/**
 * CPU seconds of every process named `postgres` (the server and its backends; backends that exited are in the
 * postmaster's cutime/cstime). On a 2-core machine the database competes with the hub for the same cores.
 */
function postgresCpuSeconds(): number {
  let ticks = 0;
  let dirs: string[];
  try {
    dirs = fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return Number.NaN;
  }
  for (const pid of dirs) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== 'postgres') continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime, stime, cutime, cstime: fields 14-17.
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    } catch {
      // Gone meanwhile.
    }
  }
  return ticks / CLOCK_TICKS;
}

/** VmHWM of /proc/self/status: the process's peak resident set since it started. */
export function peakRssSinceStart(): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

export class HubUsage {
  readonly phases: PhaseUsage[] = [];
  private session?: Session;

  constructor(
    private readonly profileDir?: string,
    private readonly statementsSent?: () => number,
    private readonly serversCpu?: () => Promise<number>,
  ) {}

  async measure<T>(phase: string, work: () => Promise<T>): Promise<[T, PhaseUsage]> {
    const stopProfile = await this.startProfile(phase);
    let peak = process.memoryUsage.rss();
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage.rss());
    }, SAMPLE_MS);
    const statementsBefore = this.statementsSent?.();
    const serversBefore = await this.serversCpu?.();
    const cpuBefore = process.cpuUsage();
    const childBefore = reapedChildCpuSeconds();
    const databaseBefore = postgresCpuSeconds();
    const started = performance.now();
    try {
      const result = await work();
      const wallMs = performance.now() - started;
      const cpu = process.cpuUsage(cpuBefore);
      const serversAfter = await this.serversCpu?.();
      const usage: PhaseUsage = {
        phase,
        wallMs,
        cpuSeconds: (cpu.user + cpu.system) / 1e6,
        childCpuSeconds: reapedChildCpuSeconds() - childBefore,
        databaseCpuSeconds: postgresCpuSeconds() - databaseBefore,
        peakRssBytes: Math.max(peak, process.memoryUsage.rss()),
        statements: statementsBefore === undefined ? undefined : this.statementsSent!() - statementsBefore,
        serversCpuSeconds: serversBefore === undefined || serversAfter === undefined ? undefined : serversAfter - serversBefore,
      };
      this.phases.push(usage);
      return [result, usage];
    } finally {
      clearInterval(sampler);
      await stopProfile();
    }
  }

  private async startProfile(phase: string): Promise<() => Promise<void>> {
    if (!this.profileDir) return async () => undefined;
    const dir = this.profileDir;
    if (!this.session) {
      this.session = new Session();
      this.session.connect();
      await this.session.post('Profiler.enable');
    }
    const session = this.session;
    await session.post('Profiler.start');
    return async () => {
      const { profile } = await session.post('Profiler.stop');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `${phase.replace(/[^a-z0-9]+/gi, '-')}.cpuprofile`), JSON.stringify(profile));
    };
  }
}
