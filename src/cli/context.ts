import type { Command } from 'commander';
import { PlainClock } from '../clock/plain-clock';
import { HubClient } from './client';
import { resolveConfig } from './config';
import { CliError, EXIT } from './exit-codes';
import { parseFormat, stdoutTerminal, type Output } from './output';

/** What every command needs, built lazily so `--help` and usage errors never need a login. */
export interface CommandContext extends Output {
  client(): HubClient;
  /** Progress and notices: stderr, so stdout stays the data a script reads. */
  notice(text: string): void;
}

export function contextOf(command: Command): CommandContext {
  const globals = command.optsWithGlobals<{ output?: string; server?: string }>();
  const format = parseFormat(globals.output ?? 'table');
  return {
    format,
    terminal: stdoutTerminal(),
    clock: new PlainClock(),
    client: () => new HubClient(resolveConfig()),
    notice: (text) => process.stderr.write(`${text}\n`),
  };
}

/** `-l env=prod` style repeatable `k=v` options. */
export function collectLabel(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const at = value.indexOf('=');
  if (at <= 0) throw new CliError(`--label: "${value}" must be key=value`, EXIT.usage);
  return { ...previous, [value.slice(0, at)]: value.slice(at + 1) };
}

/** Every page of a list route, following nextCursor. */
export async function listAll<T>(client: HubClient, path: string, query: Record<string, string | undefined> = {}): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.get<{ items: T[]; nextCursor?: string }>(path, { ...query, cursor });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return items;
}

export const encode = (name: string): string => encodeURIComponent(name);
