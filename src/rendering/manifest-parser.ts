import { parseAllDocuments, type Tags } from 'yaml';
import type { KubernetesObject } from './application-source';
import { RenderError } from './render-error';
import { isPlainObject } from '../common/json';

export const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

// Kubernetes reads manifests as YAML 1.1 (`yes` is a boolean, `0755` octal) but, like Go's yaml.v2 into an
// untyped map, keeps unquoted dates as strings; so: the 1.1 schema without its timestamp tag.
const withoutTimestamps = (tags: Tags) => tags.filter((tag) => typeof tag !== 'object' || tag.tag !== 'tag:yaml.org,2002:timestamp');
const MAX_ALIASES = 100;

/** Parses one manifest file (multi-document YAML or JSON) into objects; `kind: List` is flattened. */
export function parseManifestFile(file: string, text: string): KubernetesObject[] {
  const values = file.toLowerCase().endsWith('.json') ? [parseJson(file, text)] : parseYaml(file, text);
  const objects: KubernetesObject[] = [];
  values.forEach((value, index) => {
    if (value === null || value === undefined) return;
    const where = values.length > 1 ? `${file} (document ${index + 1})` : file;
    for (const item of flattenList(value, where)) objects.push(validateObject(item, where, file));
  });
  return objects;
}

function parseYaml(file: string, text: string): unknown[] {
  const documents = parseAllDocuments(text, { version: '1.1', customTags: withoutTimestamps, prettyErrors: true });
  return documents.map((document) => {
    const [error] = document.errors;
    if (error) {
      const line = error.linePos?.[0].line;
      const reason = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      throw new RenderError('InvalidYaml', `${file}${line === undefined ? '' : `:${line}`}: ${reason}`, { file, line });
    }
    try {
      return document.toJS({ maxAliasCount: MAX_ALIASES }) as unknown;
    } catch (cause) {
      throw new RenderError('InvalidYaml', `${file}: ${(cause as Error).message}`, { file }, { cause });
    }
  });
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    const message = (cause as Error).message;
    const position = /at position (\d+)/.exec(message)?.[1];
    const line = position === undefined ? undefined : text.slice(0, Number(position)).split('\n').length;
    throw new RenderError('InvalidYaml', `${file}${line === undefined ? '' : `:${line}`}: ${message.split('\n')[0]}`, { file, line }, { cause });
  }
}

function flattenList(value: unknown, where: string): unknown[] {
  if (Array.isArray(value)) return value;
  if (isPlainObject(value) && value.kind === 'List' && value.apiVersion === 'v1') {
    if (!Array.isArray(value.items)) throw new RenderError('InvalidManifest', `${where}: a List must have an "items" array`);
    return value.items;
  }
  return [value];
}

function validateObject(value: unknown, where: string, file: string): KubernetesObject {
  if (!isPlainObject(value)) throw new RenderError('InvalidManifest', `${where}: expected a Kubernetes object, found ${describe(value)}`, { file });
  const missing = ['apiVersion', 'kind'].filter((field) => typeof value[field] !== 'string' || value[field] === '');
  if (missing.length > 0) throw new RenderError('InvalidManifest', `${where}: object has no ${missing.join(' or ')}`, { file });
  const metadata = value.metadata;
  if (!isPlainObject(metadata) || typeof metadata.name !== 'string' || metadata.name === '') {
    throw new RenderError('InvalidManifest', `${where}: ${String(value.kind)} has no metadata.name`, { file });
  }
  return value as unknown as KubernetesObject;
}

function describe(value: unknown): string {
  return Array.isArray(value) ? 'a list' : typeof value;
}
