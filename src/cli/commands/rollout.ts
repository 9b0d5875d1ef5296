import type { Command } from 'commander';
import { contextOf, encode, listAll } from '../context';
import { age, printFields, printTable, type Column } from '../output';

interface RolloutSummary {
  id: string;
  applicationSet: string;
  state: string;
  reason: string | null;
  revision: string | null;
  onFailure: string;
  createdAt: string;
  finishedAt: string | null;
}

interface Rollout extends RolloutSummary {
  steps: { state: string; applications: number }[];
  applications: { application: string; status: string; step: string }[];
}

const COLUMNS: Column<RolloutSummary>[] = [
  { header: 'ID', value: (r) => r.id },
  { header: 'SET', value: (r) => r.applicationSet },
  { header: 'STATE', value: (r) => r.state },
  { header: 'REVISION', value: (r) => r.revision?.slice(0, 12) },
  { header: 'REASON', value: (r) => r.reason },
  { header: 'ON FAILURE', value: (r) => r.onFailure, wide: true },
  { header: 'FINISHED', value: (r) => r.finishedAt, wide: true },
  { header: 'AGE', value: (r, now) => age(r.createdAt, now) },
];

/** Progressive syncs across the fleet: watch them and steer them (the hub's rollout state machine does the rest). */
export function registerRollout(program: Command): void {
  const rollout = program.command('rollout').description('Fleet rollouts of ApplicationSets');

  rollout
    .command('list')
    .description('List rollouts, newest first')
    .option('--set <name>', 'only the rollouts of this ApplicationSet')
    .option('--state <state>', 'only rollouts in this state')
    .action(async (options: { set?: string; state?: string }, command: Command) => {
      const context = contextOf(command);
      const items = await listAll<RolloutSummary>(context.client(), '/api/v1/rollouts', { applicationSet: options.set, state: options.state });
      printTable(context, items, COLUMNS, items);
    });

  rollout
    .command('get')
    .argument('<id>')
    .description('Show a rollout with its steps and applications')
    .action(async (id: string, _options: unknown, command: Command) => {
      const context = contextOf(command);
      const found = await context.client().get<Rollout>(`/api/v1/rollouts/${encode(id)}`);
      printFields(context, [
        ['ID', found.id],
        ['Set', found.applicationSet],
        ['State', found.state],
        ['Reason', found.reason],
        ['Revision', found.revision],
        ['Steps', found.steps.map((step, index) => `${index + 1}:${step.state}(${step.applications})`).join(' ')],
        ['Applications', found.applications.map((app) => `${app.application}=${app.status}`).join(' ')],
      ], found);
    });

  for (const action of ['pause', 'resume', 'abort', 'approve'] as const) {
    rollout
      .command(action)
      .argument('<id>')
      .description(`${action[0].toUpperCase()}${action.slice(1)} a rollout`)
      .action(async (id: string, _options: unknown, command: Command) => {
        const context = contextOf(command);
        const answer = await context.client().send<RolloutSummary>('POST', `/api/v1/rollouts/${encode(id)}/${action}`);
        printFields(context, [['ID', answer.id], ['State', answer.state], ['Reason', answer.reason]], answer);
      });
  }
}
