import type { Command } from 'commander';
import { contextOf, type CommandContext } from '../context';
import { CliError, EXIT } from '../exit-codes';
import { printFields, printTable, type Column } from '../output';

interface AuditEvent {
  occurredAt: string;
  actor: string;
  role: string | null;
  method: string;
  path: string;
  action: string;
  resourceKind: string | null;
  resourceName: string | null;
  status: number;
  durationMs: number;
  requestId: string;
}

interface SyncRun {
  startedAt: string;
  application: string;
  cluster: string;
  applicationSet: string | null;
  revision: string | null;
  trigger: string;
  phase: string;
  message: string | null;
}

const AUDIT_COLUMNS: Column<AuditEvent>[] = [
  { header: 'TIME', value: (e) => e.occurredAt },
  { header: 'ACTOR', value: (e) => e.actor },
  { header: 'ACTION', value: (e) => e.action },
  { header: 'RESOURCE', value: (e) => [e.resourceKind, e.resourceName].filter(Boolean).join('/') },
  { header: 'STATUS', value: (e) => e.status },
  { header: 'ROLE', value: (e) => e.role, wide: true },
  { header: 'REQUEST', value: (e) => `${e.method} ${e.path}`, wide: true },
  { header: 'MS', value: (e) => e.durationMs, wide: true },
];

const HISTORY_COLUMNS: Column<SyncRun>[] = [
  { header: 'STARTED', value: (r) => r.startedAt },
  { header: 'APPLICATION', value: (r) => r.application },
  { header: 'CLUSTER', value: (r) => r.cluster },
  { header: 'PHASE', value: (r) => r.phase },
  { header: 'REVISION', value: (r) => r.revision?.slice(0, 12) },
  { header: 'TRIGGER', value: (r) => r.trigger },
  { header: 'SET', value: (r) => r.applicationSet, wide: true },
  { header: 'MESSAGE', value: (r) => r.message, wide: true },
];

/** Who did what (audit) and what was deployed where (history), with the hub's own filters. */
export function registerAudit(program: Command): void {
  program
    .command('audit')
    .description('The audit log: every API request, newest first')
    .option('--actor <name>', 'a token name, a signed-in subject, anonymous or webhook')
    .option('--action <action>', 'create, update, patch, delete, sync, refresh, ...')
    .option('--resource <kind[/name]>', 'e.g. clusters or clusters/prod-eu')
    .option('--status <status>', 'an answer status (403) or class (4xx)')
    .option('--since <time>', 'RFC 3339 time')
    .option('--until <time>', 'RFC 3339 time')
    .option('--limit <n>', 'at most this many (newest first)', '100')
    .action(async (options: Record<string, string | undefined>, command: Command) => {
      const context = contextOf(command);
      const query = { actor: options.actor, action: options.action, resource: options.resource, status: options.status, since: options.since, until: options.until };
      const items = await onePage<AuditEvent>(context, '/api/v1/audit', { ...query, limit: options.limit });
      printTable(context, items, AUDIT_COLUMNS, items);
    });

  program
    .command('history')
    .description('Sync runs across the fleet, newest first')
    .option('--app <name>', 'one application')
    .option('--set <name>', 'the applications of one ApplicationSet')
    .option('--cluster <name>', 'one destination cluster')
    .option('--project <name>', 'one project')
    .option('-l, --selector <selector>', "label selector over the clusters' labels at each sync")
    .option('--phase <phase>', 'Succeeded, Failed, ...')
    .option('--since <time>', 'RFC 3339 time')
    .option('--until <time>', 'RFC 3339 time')
    .option('--limit <n>', 'at most this many (newest first)', '100')
    .action(async (options: Record<string, string | undefined>, command: Command) => {
      const context = contextOf(command);
      const query = {
        application: options.app,
        applicationSet: options.set,
        cluster: options.cluster,
        project: options.project,
        selector: options.selector,
        phase: options.phase,
        since: options.since,
        until: options.until,
      };
      const items = await onePage<SyncRun>(context, '/api/v1/history', { ...query, limit: options.limit });
      printTable(context, items, HISTORY_COLUMNS, items);
    });

  const account = program.command('account').description('The caller\'s own account');
  account
    .command('can-i')
    .argument('<resource>', 'applications, applicationsets, clusters, projects, ...')
    .argument('<action>', 'get, create, update, delete, sync, ...')
    .argument('<object>', '<project>/<name> for applications, sets and rollouts; the URL for clusters; the name otherwise')
    .description('Whether the policy lets you do this: prints yes or no, exits 0 or 1')
    .action(async (resource: string, action: string, object: string, _options: unknown, command: Command) => {
      const context = contextOf(command);
      const answer = await context.client().get<{ allowed: boolean }>('/api/v1/account/can-i', { resource, action, object });
      if (context.format === 'table' || context.format === 'wide') context.terminal.write(`${answer.allowed ? 'yes' : 'no'}\n`);
      else printFields(context, [['Allowed', answer.allowed]], answer);
      if (!answer.allowed) throw new CliError('', EXIT.failure);
    });
}

/** Logs grow without bound: one page (the newest), and a notice when there is more. */
async function onePage<T>(context: CommandContext, path: string, query: Record<string, string | undefined>): Promise<T[]> {
  const page = await context.client().get<{ items: T[]; nextCursor?: string }>(path, query);
  if (page.nextCursor !== undefined) context.notice(`(more than ${page.items.length}: narrow the filters or raise --limit)`);
  return page.items;
}
