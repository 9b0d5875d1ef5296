import type { HubClient } from './client';
import { encode } from './context';
import { CliError, EXIT } from './exit-codes';
import { printData, type Output } from './output';

/** The hub's answer to `GET /api/v1/applications/:name/diff`. */
export interface ApplicationDiff {
  revision: string;
  cluster: string;
  summary: { added: number; modified: number; removed: number; unchanged: number };
  resources: { group: string; kind: string; namespace: string; name: string; state: string; diff?: string; message?: string }[];
}

/**
 * `app diff NAME`: every resource that differs, as Argo CD prints it (`===== group/Kind namespace/name ======`, then
 * the diff), or the API's answer with -o json|yaml. Differences end the run with EXIT.differences, none with 0.
 */
export async function showApplicationDiff(client: HubClient, output: Output & { notice(text: string): void }, name: string, options: { all?: boolean }): Promise<void> {
  const answer = await client.get<ApplicationDiff>(`/api/v1/applications/${encode(name)}/diff`, { all: options.all ? 'true' : undefined });
  if (!printData(output, answer)) {
    output.terminal.write(answer.resources.map((resource) => resourceBlock(output, resource)).join(''));
  }
  const { added, modified, removed, unchanged } = answer.summary;
  const differing = added + modified + removed;
  const at = `${answer.revision.slice(0, 12)} against cluster ${answer.cluster}`;
  if (differing === 0) {
    output.notice(`application/${name}: no differences (${unchanged} unchanged; ${at})`);
    return;
  }
  output.notice(`application/${name}: ${modified} modified, ${added} added, ${removed} removed, ${unchanged} unchanged (${at})`);
  // An empty message: the summary above already said it, and stderr stays one line per fact.
  throw new CliError('', EXIT.differences);
}

function resourceBlock(output: Output, resource: ApplicationDiff['resources'][number]): string {
  const header = `===== ${resource.group}/${resource.kind} ${resource.namespace}/${resource.name} ======\n`;
  const message = resource.message ? `# ${resource.message}\n` : '';
  const lines = (resource.diff ?? '').split('\n').filter((line) => line !== '');
  return header + message + lines.map((line) => `${coloured(output, line)}\n`).join('');
}

/** Removed lines red, added green, on a terminal only (never with NO_COLOR), as `git diff` does. */
function coloured({ terminal }: Output, line: string): string {
  if (!terminal.isTty || process.env.NO_COLOR !== undefined || line.startsWith('---') || line.startsWith('+++')) return line;
  const code = line.startsWith('-') ? 31 : line.startsWith('+') ? 32 : line.startsWith('@@') ? 36 : undefined;
  return code === undefined ? line : `\u001b[${code}m${line}\u001b[0m`;
}
