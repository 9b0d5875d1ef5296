import { posix } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { normalizeClusterName } from '../../../domain/cluster-name';
import type { Params } from '../types';
import { flattenParams } from './flatten-params';

/*
 * The parameters of Argo CD's Git generator (applicationset/generators/git.go). Fasttemplate mode publishes flat
 * strings: `path`, `path.basename`, `path.basenameNormalized`, `path[n]` (only for non-empty segments), plus for
 * files `path.filename`, `path.filenameNormalized` and the file's keys flattened with dots (`a.b`, `list.0`).
 * Go template mode publishes `path` as a map (`path.path`, `path.basename`, `path.segments`, ...) next to the
 * file's object as parsed. A `pathParamPrefix` goes in front: `<prefix>.path...` flat, `{<prefix>: {path: ...}}` in
 * Go mode.
 */

export interface PathParamOptions {
  goTemplate: boolean;
  pathParamPrefix: string;
}

/** One directory matched by `directories`. */
export function directoryParams(dir: string, options: PathParamOptions): Params {
  const basename = posix.basename(dir);
  if (options.goTemplate) {
    return withGoPath({}, { path: dir, basename, basenameNormalized: normalizeClusterName(basename), segments: dir.split('/') }, options);
  }
  return flatPathParams({}, dir, { basename, basenameNormalized: normalizeClusterName(basename) }, options);
}

/** One object found in a file matched by `files` (a file holding a list gives one per element). */
export function fileParams(file: string, object: Record<string, unknown>, options: PathParamOptions): Params {
  const dir = posix.dirname(file);
  const basename = posix.basename(dir);
  const filename = posix.basename(file);
  const names = { basename, filename, basenameNormalized: normalizeClusterName(basename), filenameNormalized: normalizeClusterName(filename) };
  if (options.goTemplate) {
    return withGoPath({ ...object }, { path: dir, ...names, segments: dir.split('/') }, options);
  }
  return flatPathParams(flattenParams(object), dir, names, options);
}

function withGoPath(params: Params, pathMap: Params, options: PathParamOptions): Params {
  if (options.pathParamPrefix !== '') params[options.pathParamPrefix] = { path: pathMap };
  else params.path = pathMap;
  return params;
}

function flatPathParams(params: Params, dir: string, names: Record<string, string>, options: PathParamOptions): Params {
  const name = options.pathParamPrefix === '' ? 'path' : `${options.pathParamPrefix}.path`;
  params[name] = dir;
  for (const [key, value] of Object.entries(names)) params[`${name}.${key}`] = value;
  dir.split('/').forEach((segment, index) => {
    if (segment !== '') params[`${name}[${index}]`] = segment;
  });
  return params;
}

/**
 * The parameter objects of a JSON or YAML file, as Argo CD reads it: a single object (an empty file, or `null`,
 * is one empty object), or a list of objects (a `null` element is an empty object). Anything else is an error.
 * Returns a reason string on failure.
 */
export function parseParamFile(content: Uint8Array): Record<string, unknown>[] | string {
  let parsed: unknown;
  try {
    parsed = firstDocument(new TextDecoder('utf-8', { fatal: true }).decode(content));
  } catch (error) {
    return `not valid JSON or YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
  }
  if (parsed === null || parsed === undefined) return [{}];
  if (isObject(parsed)) return [parsed];
  if (!Array.isArray(parsed)) return `must hold an object or a list of objects, not ${describe(parsed)}`;
  const objects: Record<string, unknown>[] = [];
  for (const [index, item] of parsed.entries()) {
    if (item === null) objects.push({});
    else if (isObject(item)) objects.push(item);
    else return `element ${index} must be an object, not ${describe(item)}`;
  }
  return objects;
}

// Argo CD's YAML reader (sigs.k8s.io/yaml over go-yaml) reads the first document of a stream and honours merge
// keys (`<<: *defaults`).
function firstDocument(text: string): unknown {
  const [first] = parseAllDocuments(text, { merge: true });
  if (first === undefined) return null;
  if (first.errors.length > 0) throw first.errors[0];
  return first.toJS({ maxAliasCount: 100 });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  return `${typeof value} ${JSON.stringify(value)}`;
}
