import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { CliError, EXIT } from './exit-codes';

export interface Manifest {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string };
  [field: string]: unknown;
}

export interface SourcedManifest {
  source: string;
  manifest: Manifest;
}

/** `-f FILE|DIR|-`: every YAML document of the file, of each .yaml/.yml/.json file of the folder (sorted), or of stdin. */
export function readManifests(target: string): SourcedManifest[] {
  if (target === '-') return parseDocuments('stdin', fs.readFileSync(0, 'utf8'));
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    throw new CliError(`-f: ${target} does not exist`);
  }
  const files = stat.isDirectory()
    ? fs
        .readdirSync(target)
        .filter((name) => /\.(ya?ml|json)$/.test(name))
        .sort()
        .map((name) => path.join(target, name))
    : [target];
  return files.flatMap((file) => parseDocuments(file, fs.readFileSync(file, 'utf8')));
}

function parseDocuments(source: string, text: string): SourcedManifest[] {
  const manifests: SourcedManifest[] = [];
  for (const document of parseAllDocuments(text)) {
    if (document.errors.length > 0) {
      throw new CliError(`${source}: not valid YAML (line ${document.errors[0].linePos?.[0]?.line ?? '?'}): ${document.errors[0].code}`);
    }
    const manifest: unknown = document.toJS();
    if (manifest === null || manifest === undefined) continue;
    if (typeof manifest !== 'object' || Array.isArray(manifest)) throw new CliError(`${source}: every document must be a mapping (a Kubernetes object)`);
    manifests.push({ source, manifest: manifest as Manifest });
  }
  if (manifests.length === 0) throw new CliError(`${source}: no documents`, EXIT.failure);
  return manifests;
}

/** The hub route for each Argo CD kind `apply` understands. */
export const ROUTE_BY_KIND: Record<string, string> = {
  AppProject: '/api/v1/projects',
  ApplicationSet: '/api/v1/applicationsets',
  Application: '/api/v1/applications',
};

export function routeOf({ source, manifest }: SourcedManifest): { route: string; name: string } {
  const route = manifest.kind ? ROUTE_BY_KIND[manifest.kind] : undefined;
  if (!route) throw new CliError(`${source}: kind ${manifest.kind ?? '(none)'} is not supported; apply takes ${Object.keys(ROUTE_BY_KIND).join(', ')}`);
  const name = manifest.metadata?.name;
  if (typeof name !== 'string' || name === '') throw new CliError(`${source}: ${manifest.kind} has no metadata.name`);
  return { route, name };
}
