import type { IncomingMessage } from 'node:http';
import type { ResourceType } from './catalogue';
import { isObject, type Json, type JsonObject } from './json';

/** kubectl asks for server-side printing (`as=Table`); only Name/Age (and a few kind columns) are printed here. */
export function wantsTable(req: IncomingMessage): boolean {
  const accept = req.headers.accept ?? '';
  return accept.split(',')[0].includes('as=Table');
}

function humanAge(created: unknown): string {
  const seconds = Math.max(0, Math.floor((Date.now() - Date.parse(String(created))) / 1000));
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 172800) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86400)}d`;
}

function field(obj: JsonObject, ...path: string[]): Json {
  let current: Json = obj;
  for (const key of path) {
    if (!isObject(current)) return '';
    current = current[key] ?? '';
  }
  return current;
}

interface Column {
  name: string;
  type: string;
  cell: (obj: JsonObject) => Json;
}

function kindColumns(type: ResourceType): Column[] {
  switch (type.resource) {
    case 'namespaces':
      return [{ name: 'Status', type: 'string', cell: (o) => field(o, 'status', 'phase') }];
    case 'deployments':
      return [
        { name: 'Ready', type: 'string', cell: (o) => `${Number(field(o, 'status', 'readyReplicas') || 0)}/${Number(field(o, 'spec', 'replicas') || 0)}` },
        { name: 'Up-to-date', type: 'integer', cell: (o) => Number(field(o, 'status', 'updatedReplicas') || 0) },
        { name: 'Available', type: 'integer', cell: (o) => Number(field(o, 'status', 'availableReplicas') || 0) },
      ];
    case 'configmaps':
      return [{ name: 'Data', type: 'integer', cell: (o) => Object.keys(isObject(o.data) ? o.data : {}).length }];
    default:
      return [];
  }
}

/** A `meta.k8s.io/v1` Table for the objects when the client asked for one, else undefined. */
export function asTableIfAsked(req: IncomingMessage, type: ResourceType, objects: JsonObject[], resourceVersion: string): JsonObject | undefined {
  if (!wantsTable(req)) return undefined;
  return toTable(type, objects, resourceVersion, new URL(req.url ?? '/', 'https://localhost').searchParams.get('includeObject'));
}

export function toTable(type: ResourceType, objects: JsonObject[], resourceVersion: string, includeObject: string | null): JsonObject {
  const columns: Column[] = [
    { name: 'Name', type: 'string', cell: (o) => field(o, 'metadata', 'name') },
    ...kindColumns(type),
    { name: 'Age', type: 'string', cell: (o) => humanAge(field(o, 'metadata', 'creationTimestamp')) },
  ];
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion },
    columnDefinitions: columns.map((c) => ({ name: c.name, type: c.type, format: c.name === 'Name' ? 'name' : '', description: '', priority: 0 })),
    rows: objects.map((obj) => ({
      cells: columns.map((c) => c.cell(obj)),
      object:
        includeObject === 'Object'
          ? obj
          : includeObject === 'None'
            ? null
            : { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata ?? {} },
    })),
  };
}
