import type { Command } from 'commander';
import type { HubClient } from '../client';
import { contextOf, encode, listAll } from '../context';
import { CliError } from '../exit-codes';
import { readManifests, routeOf, type SourcedManifest } from '../manifests';
import { printData, printTable, type Column } from '../output';

interface Applied {
  kind: string;
  name: string;
  result: 'created' | 'configured';
}

export function registerApply(program: Command): void {
  program
    .command('apply')
    .description('Create or update AppProjects, ApplicationSets and Applications from YAML, like kubectl apply')
    .requiredOption('-f, --filename <file>', 'a file, a folder of .yaml/.yml/.json files, or - for stdin')
    .action(async (options: { filename: string }, command: Command) => {
      const context = contextOf(command);
      // Every document is read and checked before the first is sent, so a typo in the last one applies nothing.
      const manifests = readManifests(options.filename);
      manifests.forEach(routeOf);
      const client = context.client();
      const applied: Applied[] = [];
      for (const manifest of manifests) {
        const result = await applyOne(client, manifest);
        applied.push(result);
        if (context.format === 'table' || context.format === 'wide') context.terminal.write(`${result.kind.toLowerCase()}/${result.name} ${result.result}\n`);
      }
      printData(context, applied);
    });
}

/** kubectl apply's create-or-update: replaced (PUT) when it exists, else created (POST), for every kind alike. */
async function applyOne(client: HubClient, sourced: SourcedManifest): Promise<Applied> {
  const { route, name } = routeOf(sourced);
  const kind = sourced.manifest.kind as string;
  const path = `${route}/${encode(name)}`;
  const existing = await client.request('GET', path, { accept: [404] });
  if (existing.status === 404) {
    await client.send('POST', route, sourced.manifest);
    return { kind, name, result: 'created' };
  }
  await client.send('PUT', path, sourced.manifest);
  return { kind, name, result: 'configured' };
}

interface Preview {
  exists: boolean;
  applications: { name: string; action: string; changes?: { path: string }[]; reason?: string }[];
  rejected: unknown[];
  conditions: { type: string; message: string }[];
  summary: Record<string, number>;
}

interface ApplicationSet {
  metadata: { name: string; creationTimestamp?: string };
  spec: { generators?: unknown[] };
  status?: { desired?: number; conditions?: { type: string; status?: string; message?: string }[] };
}

type PreviewRow = Preview['applications'][number];

const PREVIEW_COLUMNS: Column<PreviewRow>[] = [
  { header: 'ACTION', value: (row) => row.action },
  { header: 'APPLICATION', value: (row) => row.name },
  { header: 'CHANGES', value: (row) => (row.changes ?? []).map((change) => change.path).join(', ') },
  { header: 'REASON', value: (row) => row.reason },
];

export function registerAppSet(program: Command): void {
  const appset = program.command('appset').description('ApplicationSets');

  appset
    .command('preview')
    .description('What applying an ApplicationSet would create, update and delete; changes nothing')
    .requiredOption('-f, --filename <file>', 'the ApplicationSet YAML (or - for stdin)')
    .action(async (options: { filename: string }, command: Command) => {
      const context = contextOf(command);
      const [first] = readManifests(options.filename).filter(({ manifest }) => manifest.kind === 'ApplicationSet');
      if (!first) throw new CliError(`${options.filename}: no ApplicationSet`);
      const preview = await context.client().send<Preview>('POST', '/api/v1/applicationsets/preview', first.manifest);
      printTable(context, preview.applications, PREVIEW_COLUMNS, preview);
      if (context.format === 'table' || context.format === 'wide') {
        const totals = Object.entries(preview.summary).map(([action, count]) => `${count} ${action}`);
        context.notice(`${preview.exists ? 'compared with the stored set' : 'a new set'}: ${totals.join(', ')}`);
        for (const condition of preview.conditions.filter((c) => c.type === 'ErrorOccurred')) context.notice(`error: ${condition.message}`);
      }
    });

  appset
    .command('list')
    .description('List ApplicationSets')
    .action(async (_options: unknown, command: Command) => {
      const context = contextOf(command);
      const items = await listAll<ApplicationSet>(context.client(), '/api/v1/applicationsets');
      printTable(context, items, [
        { header: 'NAME', value: (set) => set.metadata.name },
        { header: 'APPLICATIONS', value: (set) => set.status?.desired ?? 0 },
        { header: 'CONDITIONS', value: (set) => (set.status?.conditions ?? []).filter((c) => c.status !== 'False').map((c) => c.type).join(',') },
      ], items);
    });
}
