import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { ToolRunError } from './tool-run-error';

/** Where a chart's value files may come from: its own checkout, and (multiple sources) the checkouts of its refs. */
export interface HelmCheckouts {
  readonly chartDir: string;
  /** The checkout of the chart's repository; plain value files must stay inside it. */
  readonly root: string;
  /** Ref name → checkout, for `$name/path` value files. Absent: `$` is an ordinary character (single source). */
  readonly refRoots?: ReadonlyMap<string, string>;
}

/**
 * Argo CD's value file resolution: a plain path is relative to the chart directory and must stay in the chart's
 * repository; `$name/path` (multiple sources only) is relative to the root of the source whose `ref` is `name` and
 * must stay in that repository. Symlinks are followed before the check, so a link cannot lead out of a checkout
 * (the hub's own files must never reach a chart). A file that does not exist is left for helm to report.
 */
/** The ref a `$name/path` value file names (`name`), or undefined for a path in the chart's own repository. */
export function valueFileRef(file: string): string | undefined {
  return file.startsWith('$') ? file.split('/')[0].slice(1) : undefined;
}

export async function resolveValueFiles(files: readonly string[], checkouts: HelmCheckouts): Promise<string[]> {
  const resolved: string[] = [];
  for (const file of files) {
    const refName = checkouts.refRoots ? valueFileRef(file) : undefined;
    if (refName === undefined) {
      resolved.push(await inside(checkouts.root, path.resolve(checkouts.chartDir, file), file, 'the repository'));
      continue;
    }
    const refRoot = checkouts.refRoots!.get(refName);
    if (refRoot === undefined) {
      const known = [...checkouts.refRoots!.keys()].map((name) => `$${name}`).join(', ') || 'none';
      throw new ToolRunError('helm', 'InvalidOptions', `value file "${file}" references "$${refName}", which is not a ref of this application (refs: ${known})`);
    }
    // join, not resolve: `$values//etc/x` is `etc/x` in the ref's repository, as in Argo CD.
    resolved.push(await inside(refRoot, path.join(refRoot, file.slice(refName.length + 1)), file, `the repository of "$${refName}"`));
  }
  return resolved;
}

async function inside(root: string, candidate: string, file: string, what: string): Promise<string> {
  const realRoot = await realpath(root);
  const real = await realpath(candidate).catch(() => undefined);
  const target = real ?? path.resolve(realRoot, path.relative(root, candidate));
  if (!target.startsWith(`${realRoot}${path.sep}`)) throw new ToolRunError('helm', 'InvalidOptions', `value file "${file}" is outside ${what}`);
  return target;
}
