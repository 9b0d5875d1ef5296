/**
 * The parent side of scripts/kube-api-fleet.ts: starts a fleet of Kubernetes API test servers spread over a few child
 * processes and talks to them over IPC, numbering the servers 0..count-1 across the processes.
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { FleetCounters, FleetRequest, FleetServer } from './kube-api-fleet-protocol';

export type { FleetServer } from './kube-api-fleet-protocol';

type Request = FleetRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export interface ClusterProcesses {
  readonly servers: FleetServer[];
  /** Summed over every process. */
  counters(): Promise<FleetCounters>;
  /**
   * When `path` of the stored object first read `value` on each of the given servers (wall-clock ms, comparable with
   * `wallClockMs()`), `undefined` where it did not within `timeoutMs`. Resolves once the polling is in place.
   */
  watchField(indices: number[], target: { typeKey: string; namespace: string; name: string; path: string[]; value: unknown }, timeoutMs: number): Promise<{ arrivals: Promise<(number | undefined)[]> }>;
  stop(): Promise<void>;
}

class Child {
  private nextId = 1;
  private readonly waiting = new Map<number, (result: unknown) => void>();
  readonly exited: Promise<void>;

  constructor(
    readonly process: ChildProcess,
    readonly first: number,
  ) {
    process.on('message', (message: { id?: number; result?: unknown }) => {
      if (message.id === undefined) return;
      this.waiting.get(message.id)?.(message.result);
      this.waiting.delete(message.id);
    });
    this.exited = new Promise((resolve) => process.once('exit', () => resolve()));
  }

  ask<T>(request: Request): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, resolve as (result: unknown) => void);
      this.process.send({ ...request, id }, (error) => error && reject(error));
    });
  }
}

function startChild(args: string[], first: number): Promise<{ child: Child; servers: FleetServer[] }> {
  const child = fork(path.join(__dirname, 'run-ts.mjs'), [path.join(__dirname, 'kube-api-fleet.ts'), ...args], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`kube-api-fleet exited with ${code} before its servers were ready`)));
    child.once('message', (message: { ready?: FleetServer[] }) => {
      if (message.ready) resolve({ child: new Child(child, first), servers: message.ready });
    });
  });
}

/** `count` servers named `<prefix>-<i>`, spread evenly over `processes` child processes. */
export async function startClusterProcesses(options: { count: number; processes: number; prefix: string; controllerDelayMs: number }): Promise<ClusterProcesses> {
  const processes = Math.max(1, Math.min(options.processes, options.count));
  const per = Math.ceil(options.count / processes);
  const started = await Promise.all(
    Array.from({ length: processes }, (_, p) => {
      const first = p * per;
      const count = Math.min(per, options.count - first);
      return startChild(['--count', String(count), '--first', String(first), '--prefix', options.prefix, '--controller-delay-ms', String(options.controllerDelayMs)], first);
    }),
  );
  const children = started.map((s) => s.child);
  const servers = started.flatMap((s) => s.servers);
  const childOf = (index: number) => children[Math.floor(index / per)];
  return {
    servers,
    async counters() {
      const all = await Promise.all(children.map((child) => child.ask<FleetCounters>({ op: 'counters' })));
      return all.reduce((sum, c) => ({
        total: sum.total + c.total,
        writes: sum.writes + c.writes,
        byVerbAndResource: Object.fromEntries([...new Set([...Object.keys(sum.byVerbAndResource), ...Object.keys(c.byVerbAndResource)])].map((key) => [key, (sum.byVerbAndResource[key] ?? 0) + (c.byVerbAndResource[key] ?? 0)])),
        cpuSeconds: sum.cpuSeconds + c.cpuSeconds,
        rssBytes: sum.rssBytes + c.rssBytes,
      }));
    },
    async watchField(indices, target, timeoutMs) {
      const groups = children.map((child) => ({ child, indices: indices.filter((i) => childOf(i) === child) })).filter((g) => g.indices.length > 0);
      const answers = groups.map((g) => g.child.ask<(number | null)[]>({ op: 'await', indices: g.indices.map((i) => i - g.child.first), ...target, timeoutMs }));
      // Requests are answered in order: once a ping comes back, every process is polling.
      await Promise.all(groups.map((g) => g.child.ask({ op: 'ping' })));
      const arrivals = Promise.all(answers).then((perChild) => {
        const byIndex = new Map<number, number | undefined>();
        perChild.forEach((times, g) => groups[g].indices.forEach((index, i) => byIndex.set(index, times[i] ?? undefined)));
        return indices.map((index) => byIndex.get(index));
      });
      return { arrivals };
    },
    async stop() {
      for (const child of children) child.process.kill('SIGTERM');
      await Promise.all(children.map((child) => child.exited));
    },
  };
}
