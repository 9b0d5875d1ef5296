/**
 * Starts one or several Kubernetes API test servers (test/support/kube-api) in this process and prints a
 * kubeconfig for them, so a person can try the hub against "clusters" by hand:
 *
 *   npm run -s sandbox-cluster -- --name staging [--port 6443] [--count 3] [--delay 1000] > fleet.kubeconfig
 *
 * The servers are test doubles with throwaway credentials, listening on 127.0.0.1 only; Ctrl-C stops them
 * and removes the kubeconfig files.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse, stringify } from 'yaml';
import { startKubeApiServer, type KubeApiServer } from '../test/support/kube-api';

interface Options {
  name: string;
  port: number;
  count: number;
  delayMs: number;
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      name: { type: 'string', default: 'sandbox' },
      port: { type: 'string', default: '0' },
      count: { type: 'string', default: '1' },
      delay: { type: 'string', default: '1000' },
    },
  });
  const options = { name: values.name, port: Number(values.port), count: Number(values.count), delayMs: Number(values.delay) };
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(options.name)) throw new Error('--name must be a DNS label');
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) throw new Error('--port must be a port number');
  if (!Number.isInteger(options.count) || options.count < 1 || options.count > 100) throw new Error('--count must be 1..100');
  if (!Number.isInteger(options.delayMs) || options.delayMs < 0) throw new Error('--delay must be milliseconds');
  return options;
}

/** Merges single-cluster kubeconfigs into one with a context per instance (the first is current). */
function mergeKubeconfigs(kubeconfigs: string[]): string {
  const docs = kubeconfigs.map((k) => parse(k) as Record<string, unknown[]>);
  return stringify(
    {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: docs.flatMap((d) => d.clusters),
      users: docs.flatMap((d) => d.users),
      contexts: docs.flatMap((d) => d.contexts),
      'current-context': (docs[0] as unknown as Record<string, string>)['current-context'],
    },
    { version: '1.1' },
  );
}

async function main(): Promise<void> {
  const options = readOptions();
  const names = options.count === 1 ? [options.name] : Array.from({ length: options.count }, (_, i) => `${options.name}-${i + 1}`);
  const servers: KubeApiServer[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'sandbox-cluster-'));
  const shutdown = async (): Promise<void> => {
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const [i, name] of names.entries()) {
      servers.push(await startKubeApiServer({ name, port: options.port === 0 ? 0 : options.port + i, controllerDelayMs: options.delayMs }));
    }
  } catch (error) {
    await shutdown();
    throw error;
  }
  for (const [i, server] of servers.entries()) {
    const file = join(dir, `${names[i]}.kubeconfig`);
    writeFileSync(file, server.kubeconfig, { mode: 0o600 });
    console.error(`${names[i]}: ${server.url}  kubeconfig: ${file}`);
  }
  process.stdout.write(mergeKubeconfigs(servers.map((s) => s.kubeconfig)));
  console.error('Throwaway test credentials above. Ctrl-C stops the servers and deletes the kubeconfig files.');

  const stop = (): void => {
    shutdown().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('stopping failed', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
