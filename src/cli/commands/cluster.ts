import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Command } from 'commander';
import { KubeconfigError, parseKubeconfig, type ParsedKubeconfig } from '../../kubernetes/kubeconfig';
import { collectLabel, contextOf, encode, listAll } from '../context';
import { CliError, EXIT } from '../exit-codes';
import { age, labelsText, printFields, printTable, type Column } from '../output';

interface Cluster {
  name: string;
  server: string;
  project: string | null;
  labels: Record<string, string>;
  credentials: { type: string };
  status: { connectionState: string; serverVersion: string | null; message: string | null; lastCheckedAt: string | null };
  createdAt: string;
}

const COLUMNS: Column<Cluster>[] = [
  { header: 'NAME', value: (c) => c.name },
  { header: 'SERVER', value: (c) => c.server },
  { header: 'STATUS', value: (c) => c.status.connectionState },
  { header: 'VERSION', value: (c) => c.status.serverVersion },
  { header: 'LABELS', value: (c) => labelsText(c.labels) },
  { header: 'CREDENTIALS', value: (c) => c.credentials.type, wide: true },
  { header: 'PROJECT', value: (c) => c.project, wide: true },
  { header: 'MESSAGE', value: (c) => c.status.message, wide: true },
  { header: 'AGE', value: (c, now) => age(c.createdAt, now) },
];

export function registerCluster(program: Command): void {
  const cluster = program.command('cluster').description('Register and inspect clusters');

  cluster
    .command('add')
    .argument('<context>', 'the kubeconfig context to register')
    .description('Register the cluster of a kubeconfig context (server, CA, bearer token or client certificate), as `argocd cluster add` does')
    .option('--kubeconfig <file>', 'kubeconfig file (default: first of $KUBECONFIG, else ~/.kube/config)')
    .option('--name <name>', 'cluster name in the hub (default: the context name)')
    .option('--label <key=value>', 'a label, repeatable', collectLabel)
    .option('--project <project>', 'scope the cluster to a project')
    .option('--check', 'refuse unless the hub reaches the cluster with these credentials')
    .action(async (contextName: string, options: { kubeconfig?: string; name?: string; label?: Record<string, string>; project?: string; check?: boolean }, command: Command) => {
      const context = contextOf(command);
      const endpoint = readContext(options.kubeconfig ?? defaultKubeconfig(), contextName);
      const body = {
        name: options.name ?? contextName,
        server: endpoint.server,
        ...(options.label ? { labels: options.label } : {}),
        ...(options.project ? { project: options.project } : {}),
        credentials:
          endpoint.credentials.type === 'bearerToken'
            ? { bearerToken: endpoint.credentials.bearerToken }
            : { clientCertificateData: endpoint.credentials.clientCertificateData, clientKeyData: endpoint.credentials.clientKeyData },
        ...(Object.keys(endpoint.tls).length > 0 ? { tls: endpoint.tls } : {}),
      };
      const created = await context.client().send<Cluster>('POST', '/api/v1/clusters', body, { check: options.check ? 'true' : undefined });
      context.notice(`cluster/${created.name} added`);
      printTable(context, [created], COLUMNS, created);
    });

  cluster
    .command('list')
    .description('List clusters')
    .option('-l, --selector <selector>', 'label selector, e.g. env in (staging,production)')
    .action(async (options: { selector?: string }, command: Command) => {
      const context = contextOf(command);
      const items = await listAll<Cluster>(context.client(), '/api/v1/clusters', { selector: options.selector });
      printTable(context, items, COLUMNS, items);
    });

  cluster
    .command('get')
    .argument('<name>')
    .description('Show one cluster')
    .action(async (name: string, _options: unknown, command: Command) => {
      const context = contextOf(command);
      const found = await context.client().get<Cluster>(`/api/v1/clusters/${encode(name)}`);
      printFields(context, fieldsOf(found), found);
    });

  cluster
    .command('rm')
    .alias('delete')
    .argument('<name>')
    .description('Remove a cluster from the hub')
    .action(async (name: string, _options: unknown, command: Command) => {
      const context = contextOf(command);
      await context.client().send('DELETE', `/api/v1/clusters/${encode(name)}`);
      context.notice(`cluster/${name} removed`);
    });

  cluster
    .command('check')
    .argument('<name>')
    .description('Ask the hub to reach the cluster now; exits 1 unless the connection succeeds')
    .action(async (name: string, _options: unknown, command: Command) => {
      const context = contextOf(command);
      const checked = await context.client().send<Cluster>('POST', `/api/v1/clusters/${encode(name)}/check`);
      printFields(context, fieldsOf(checked), checked);
      if (checked.status.connectionState !== 'Successful') throw new CliError(`cluster/${name}: ${checked.status.message ?? checked.status.connectionState}`);
    });
}

function fieldsOf(cluster: Cluster): [string, unknown][] {
  return [
    ['Name', cluster.name],
    ['Server', cluster.server],
    ['Project', cluster.project],
    ['Labels', labelsText(cluster.labels)],
    ['Credentials', cluster.credentials.type],
    ['Connection', cluster.status.connectionState],
    ['Version', cluster.status.serverVersion],
    ['Message', cluster.status.message],
    ['Checked', cluster.status.lastCheckedAt],
  ];
}

function defaultKubeconfig(): string {
  const fromEnv = process.env.KUBECONFIG?.split(path.delimiter).find((entry) => entry !== '');
  return fromEnv ?? path.join(os.homedir(), '.kube', 'config');
}

/** Parsed here with the hub's own parser, so exec and auth-provider plugins are refused before anything is sent. */
function readContext(file: string, contextName: string): ParsedKubeconfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`--kubeconfig: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    return parseKubeconfig(text, contextName);
  } catch (error) {
    if (error instanceof KubeconfigError) throw new CliError(`${file}: ${error.message}`, EXIT.failure);
    throw error;
  }
}
