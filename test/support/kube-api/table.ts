import type { IncomingMessage } from 'node:http';
import type { PrinterColumn, ResourceType } from './catalogue';
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
  description?: string;
  priority?: number;
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

/** A CRD printer column's cell: the value at its simple `.a.b.c` JSONPath (null when absent), dates as ages. */
function crdColumns(columns: PrinterColumn[]): Column[] {
  return columns.map((c) => ({
    name: c.name,
    type: c.type,
    description: c.description,
    priority: c.priority,
    cell: (o: JsonObject): Json => {
      const value = field(o, ...c.jsonPath.split('.').filter((part) => part !== ''));
      if (value === '' || value === null) return null;
      return c.type === 'date' ? humanAge(value) : value;
    },
  }));
}

const NAME_COLUMN: Column = { name: 'Name', type: 'string', cell: (o) => field(o, 'metadata', 'name') };

/** A `meta.k8s.io/v1` Table for the objects when the client asked for one, else undefined. */
export function asTableIfAsked(req: IncomingMessage, type: ResourceType, objects: JsonObject[], resourceVersion: string): JsonObject | undefined {
  if (!wantsTable(req)) return undefined;
  return toTable(type, objects, resourceVersion, new URL(req.url ?? '/', 'https://localhost').searchParams.get('includeObject'));
}

export function toTable(type: ResourceType, objects: JsonObject[], resourceVersion: string, includeObject: string | null): JsonObject {
  // A CRD's printer columns replace the defaults (kube-apiserver prints Age for them only when the CRD lists it).
  const columns: Column[] = type.printerColumns
    ? [NAME_COLUMN, ...crdColumns(type.printerColumns)]
    : [NAME_COLUMN, ...kindColumns(type), { name: 'Age', type: 'string', cell: (o) => humanAge(field(o, 'metadata', 'creationTimestamp')) }];
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion },
    columnDefinitions: columns.map((c) => ({ name: c.name, type: c.type, format: c === NAME_COLUMN ? 'name' : '', description: c.description ?? '', priority: c.priority ?? 0 })),
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
