import path from 'node:path';
import type { ApplicationSource } from '../../domain/application';

/** A ref name as Argo CD accepts it (GetRefSources): letters, digits, `_` and `-`. */
const REF_NAME = /^[a-zA-Z0-9_-]+$/;

export interface SourceIssue {
  path: string;
  message: string;
}

/**
 * Argo CD's rules for `spec.sources`, checked before anything is stored so a bad source is a 4xx with its field
 * (Argo CD itself finds most of them only when it generates manifests): every source renders a `path` or names a
 * `ref`; refs are well formed and unique; a `$name/...` value file names a ref of this application and stays inside
 * that repository. A ref that no value file names is allowed, as in Argo CD: it is resolved and reported, not rendered.
 */
export function multipleSourcesIssue(sources: readonly ApplicationSource[]): SourceIssue | undefined {
  const refs = new Set<string>();
  for (const [index, source] of sources.entries()) {
    const at = `spec.sources[${index}]`;
    const ref = source.ref;
    if (ref !== undefined && ref !== '') {
      if (typeof ref !== 'string' || !REF_NAME.test(ref)) return { path: `${at}.ref`, message: `${at}.ref may contain only letters, digits, "_" and "-"` };
      if (refs.has(ref)) return { path: `${at}.ref`, message: `${at}.ref "${ref}": another source has the same ref` };
      if (source.chart !== undefined) return { path: `${at}.chart`, message: `${at}: a source with a ref cannot name a Helm chart` };
      refs.add(ref);
    }
    const sourcePath = source.path;
    if (sourcePath !== undefined && typeof sourcePath !== 'string') return { path: `${at}.path`, message: `${at}.path must be a string` };
    if (!sourcePath && !ref) return { path: `${at}.path`, message: `${at} needs a path to render or a ref for other sources to read` };
  }
  for (const [index, source] of sources.entries()) {
    const issue = valueFilesIssue(source, `spec.sources[${index}].helm.valueFiles`, refs);
    if (issue) return issue;
  }
  return undefined;
}

function valueFilesIssue(source: ApplicationSource, at: string, refs: ReadonlySet<string>): SourceIssue | undefined {
  const helm = source.helm as { valueFiles?: unknown } | undefined;
  const files = helm?.valueFiles;
  if (files === undefined) return undefined;
  if (!Array.isArray(files)) return { path: at, message: `${at} must be a list of paths` };
  for (const [index, file] of files.entries()) {
    const where = `${at}[${index}]`;
    if (typeof file !== 'string') return { path: where, message: `${where} must be a string` };
    if (!file.startsWith('$')) continue;
    const [variable, ...rest] = file.split('/');
    const name = variable.slice(1);
    if (!refs.has(name)) {
      const known = [...refs].map((r) => `$${r}`).join(', ');
      return { path: where, message: `${where} references "${variable}", which is ${known ? `not one of the refs of this application (${known})` : 'not defined: no source has a ref'}` };
    }
    const inside = path.posix.normalize(rest.join('/') || '.');
    if (rest.length === 0 || inside === '.' || inside === '..' || inside.startsWith('../')) {
      return { path: where, message: `${where} "${file}" must name a file inside the repository of "${variable}"` };
    }
  }
  return undefined;
}
