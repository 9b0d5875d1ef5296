import type { Command } from 'commander';
import { parseGoDuration } from '../../common/go-duration';
import { showApplicationDiff } from '../app-diff';
import { contextOf, encode, listAll } from '../context';
import { CliError, EXIT } from '../exit-codes';
import { age, printFields, printTable, type Column } from '../output';
import { progressWriter, waitUntilSyncedAndHealthy, type ApplicationStatus } from '../sync-wait';

interface Application {
  metadata: { name: string; creationTimestamp: string; labels?: Record<string, string> };
  spec: { project: string; source?: { repoURL: string; path?: string; targetRevision?: string }; destination: { namespace?: string } };
  status: ApplicationStatus & { applicationSet: string | null; cluster: string; origin: string };
}

interface SyncResult {
  dryRun: boolean;
  phase: string;
  message: string;
  revision?: string;
  resources: { kind: string; name: string; namespace?: string; action: string; message: string }[];
}

interface SyncRun {
  id: string;
  revision: string | null;
  trigger: string;
  triggeredBy: string | null;
  phase: string;
  message: string | null;
  startedAt: string;
  finishedAt: string | null;
}

const COLUMNS: Column<Application>[] = [
  { header: 'NAME', value: (a) => a.metadata.name },
  { header: 'CLUSTER', value: (a) => a.status.cluster },
  { header: 'NAMESPACE', value: (a) => a.spec.destination.namespace },
  { header: 'PROJECT', value: (a) => a.spec.project },
  { header: 'SYNC', value: (a) => a.status.sync.status },
  { header: 'HEALTH', value: (a) => a.status.health.status },
  { header: 'SET', value: (a) => a.status.applicationSet, wide: true },
  { header: 'REPO', value: (a) => a.spec.source?.repoURL, wide: true },
  { header: 'PATH', value: (a) => a.spec.source?.path, wide: true },
  { header: 'REVISION', value: (a) => a.status.sync.revision?.slice(0, 12), wide: true },
  { header: 'AGE', value: (a, now) => age(a.metadata.creationTimestamp, now) },
];

const RESOURCE_COLUMNS: Column<SyncResult['resources'][number]>[] = [
  { header: 'KIND', value: (r) => r.kind },
  { header: 'NAMESPACE', value: (r) => r.namespace },
  { header: 'NAME', value: (r) => r.name },
  { header: 'ACTION', value: (r) => r.action },
  { header: 'MESSAGE', value: (r) => r.message },
];

const HISTORY_COLUMNS: Column<SyncRun>[] = [
  { header: 'STARTED', value: (r) => r.startedAt },
  { header: 'PHASE', value: (r) => r.phase },
  { header: 'REVISION', value: (r) => r.revision?.slice(0, 12) },
  { header: 'TRIGGER', value: (r) => r.trigger },
  { header: 'BY', value: (r) => r.triggeredBy },
  { header: 'MESSAGE', value: (r) => r.message },
  { header: 'ID', value: (r) => r.id, wide: true },
];

export function registerApp(program: Command): void {
  const app = program.command('app').description('Applications: list, inspect, diff, sync, refresh, history');

  app
    .command('list')
    .description('List applications')
    .option('-l, --selector <selector>', "label selector over the applications' labels")
    .option('--set <name>', 'only the applications this ApplicationSet generated')
    .option('--cluster <name>', 'only the applications deployed to this cluster')
    .option('--project <name>', 'only the applications of this project')
    .action(async (options: { selector?: string; set?: string; cluster?: string; project?: string }, command: Command) => {
      const context = contextOf(command);
      const query = { selector: options.selector, applicationSet: options.set, cluster: options.cluster, project: options.project };
      const items = await listAll<Application>(context.client(), '/api/v1/applications', query);
      printTable(context, items, COLUMNS, items);
    });

  app
    .command('get')
    .argument('<name>')
    .description('Show one application')
    .action(async (name: string, _options: unknown, command: Command) => {
      const context = contextOf(command);
      const found = await context.client().get<Application>(`/api/v1/applications/${encode(name)}`);
      const operation = found.status.operationState;
      printFields(context, [
        ['Name', found.metadata.name],
        ['Project', found.spec.project],
        ['Cluster', found.status.cluster],
        ['Namespace', found.spec.destination.namespace],
        ['Repo', found.spec.source?.repoURL],
        ['Path', found.spec.source?.path],
        ['Target', found.spec.source?.targetRevision],
        ['Sync', found.status.sync.status],
        ['Revision', found.status.sync.revision],
        ['Health', found.status.health.status],
        ['Last sync', operation ? `${operation.phase}: ${operation.message}` : undefined],
        ['Conditions', (found.status.conditions ?? []).map((c) => `${c.type}: ${c.message}`).join('; ')],
      ], found);
    });

  app
    .command('diff')
    .argument('<name>')
    .description('Live against desired per resource (exit 0: no differences, 4: differences)')
    .option('--all', 'list unchanged resources too (a header without lines; every one with -o json|yaml)')
    .action(async (name: string, options: { all?: boolean }, command: Command) => {
      const context = contextOf(command);
      await showApplicationDiff(context.client(), context, name, options);
    });

  app
    .command('sync')
    .argument('<name>')
    .description('Sync now; with --wait, until Synced and Healthy (exit 3 when the sync fails or times out)')
    .option('--revision <revision>', 'a commit SHA, branch or tag (default: the target revision)')
    .option('--prune', 'delete tracked objects that are no longer rendered')
    .option('--dry-run', 'server-side dry run: report what would change, change nothing')
    .option('--wait', 'wait until the application is Synced and Healthy')
    .option('--timeout <duration>', 'with --wait: how long, e.g. 90s or 5m', '5m')
    .action(async (name: string, options: { revision?: string; prune?: boolean; dryRun?: boolean; wait?: boolean; timeout: string }, command: Command) => {
      const context = contextOf(command);
      const timeoutMs = parseGoDuration(options.timeout) ?? (/^\d+$/.test(options.timeout) ? Number(options.timeout) * 1000 : undefined);
      if (timeoutMs === undefined || timeoutMs <= 0) throw new CliError('--timeout: a positive duration such as 90s or 5m', EXIT.usage);
      const client = context.client();
      const body = { revision: options.revision, prune: options.prune, dryRun: options.dryRun };
      const result = await client.send<SyncResult>('POST', `/api/v1/applications/${encode(name)}/sync`, body);
      printTable(context, result.resources, RESOURCE_COLUMNS, result);
      context.notice(`application/${name}: ${result.dryRun ? 'dry run ' : ''}${result.phase}${result.message ? `: ${result.message}` : ''}`);
      if (result.phase === 'Failed' || result.phase === 'Error') throw new CliError(`application/${name}: sync ${result.phase}`, EXIT.syncFailed);
      if (options.wait && !result.dryRun) {
        await waitUntilSyncedAndHealthy(client, name, { timeoutMs, pollMs: 1000, clock: context.clock, progress: progressWriter() });
      }
    });

  app
    .command('refresh')
    .argument('<name>')
    .description('Compare Git with the cluster now')
    .option('--hard', 'render the source again instead of using the cached render')
    .action(async (name: string, options: { hard?: boolean }, command: Command) => {
      const context = contextOf(command);
      const status = await context.client().request<ApplicationStatus>('POST', `/api/v1/applications/${encode(name)}/refresh`, { query: { hard: options.hard ? 'true' : undefined } });
      printFields(context, [['Sync', status.body.sync.status], ['Revision', status.body.sync.revision], ['Health', status.body.health.status]], status.body);
    });

  app
    .command('history')
    .argument('<name>')
    .description('Every sync attempt of the application, newest first')
    .option('--limit <n>', 'at most this many runs', '20')
    .action(async (name: string, options: { limit: string }, command: Command) => {
      const context = contextOf(command);
      const page = await context.client().get<{ items: SyncRun[] }>(`/api/v1/applications/${encode(name)}/history`, { limit: options.limit });
      printTable(context, page.items, HISTORY_COLUMNS, page.items);
    });
}
